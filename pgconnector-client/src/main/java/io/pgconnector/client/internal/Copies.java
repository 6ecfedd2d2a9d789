package io.pgconnector.client.internal;

import io.pgconnector.client.CopyOptions;
import io.pgconnector.client.CopyResult;
import io.pgconnector.errors.FieldMismatchException;
import io.pgconnector.errors.InvalidStatementException;
import io.pgconnector.client.Row;
import io.pgconnector.client.Sql;
import io.pgconnector.mapping.internal.BinaryCodec;
import io.pgconnector.mapping.internal.BinaryCodecs;
import io.pgconnector.mapping.internal.CodecRegistry;
import io.pgconnector.mapping.internal.ColumnInfo;
import io.pgconnector.mapping.internal.RecordValues;
import io.pgconnector.mapping.internal.RowMapper;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The COPY verbs: {@code copyIn} of records or value lists into a table, {@code copyOut} of a query's rows. */
final class Copies {
    private Copies() {
    }

    static <T> CopyResult copyIn(Operations ops, String table, Class<T> type, Stream<? extends T> rows,
            CopyOptions options) {
        TableColumns.checkName(table);
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(options, "options");
        if (!Objects.requireNonNull(type, "type").isRecord()) {
            throw new InvalidStatementException("copyIn maps records to columns; " + type.getName() + " is not a "
                    + "record. Pass rows as lists of values with their column names instead.", "42804");
        }
        RecordValues components = RecordValues.of(type);
        Connection c = ops.acquire();
        try {
            List<ColumnInfo> all = TableColumns.of(c, table);
            List<ColumnInfo> columns = new ArrayList<>();
            for (int index : components.columnsOf(all)) {
                columns.add(all.get(index));
            }
            return run(c, table, columns, rows.iterator(), new CopyWriter.Values() {
                @Override
                public int size(Object row) {
                    return components.size();
                }

                @Override
                public Object get(Object row, int k) {
                    return components.get(row, k);
                }
            }, options, ops.codecs());
        } catch (SQLException e) {
            throw Errors.translate(e);
        } finally {
            ops.release(c);
        }
    }

    static CopyResult copyIn(Operations ops, String table, List<String> columnNames, Stream<? extends List<?>> rows,
            CopyOptions options) {
        TableColumns.checkName(table);
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(options, "options");
        if (columnNames == null || columnNames.isEmpty()) {
            throw new InvalidStatementException("copyIn needs at least one column name", "42601");
        }
        Connection c = ops.acquire();
        try {
            List<ColumnInfo> all = TableColumns.of(c, table);
            List<ColumnInfo> columns = new ArrayList<>();
            for (String name : columnNames) {
                columns.add(all.stream().filter(col -> col.name().equals(name)).findFirst()
                        .or(() -> all.stream().filter(col -> col.name().equalsIgnoreCase(name)).findFirst())
                        .orElseThrow(() -> new FieldMismatchException("Table " + table + " has no column '" + name
                                + "'; its columns are " + all.stream().map(ColumnInfo::name).toList())));
            }
            return run(c, table, columns, rows.iterator(), CopyWriter.LISTS, options, ops.codecs());
        } catch (SQLException e) {
            throw Errors.translate(e);
        } finally {
            ops.release(c);
        }
    }

    private static CopyResult run(Connection c, String table, List<ColumnInfo> columns, Iterator<?> rows,
            CopyWriter.Values values, CopyOptions options, CodecRegistry registry) throws SQLException {
        boolean ignore = options.onError() == CopyOptions.OnError.IGNORE;
        BinaryCodec[] codecs = ignore || options.format() == CopyOptions.Format.TEXT ? null
                : codecs(columns, options.format() == CopyOptions.Format.BINARY, registry);
        if (ignore && c.getMetaData().getDatabaseMajorVersion() < 17) {
            throw new InvalidStatementException("onError IGNORE needs PostgreSQL 17 or newer (COPY ... ON_ERROR); "
                    + "this server is " + c.getMetaData().getDatabaseProductVersion(), "0A000");
        }
        String command = "COPY " + table + " (" + columns.stream().map(col -> TableColumns.quote(col.name()))
                .collect(Collectors.joining(", ")) + ") FROM STDIN"
                + (codecs != null ? " (FORMAT binary)" : ignore ? " (FORMAT text, ON_ERROR ignore)" : "");
        CopyWriter.Counts counts = CopyWriter.write(c, command, columns, codecs, rows, values, registry);
        return new CopyResult(counts.copied(), counts.sent() - counts.copied(),
                codecs != null ? CopyOptions.Format.BINARY : CopyOptions.Format.TEXT);
    }

    /**
     * One binary codec per column, or null when a column's type has none (then the whole COPY is text). A type with
     * a user codec has none: the user's codec speaks the text form.
     */
    static BinaryCodec[] codecs(List<ColumnInfo> columns, boolean required, CodecRegistry registry) {
        BinaryCodec[] codecs = new BinaryCodec[columns.size()];
        for (int i = 0; i < codecs.length; i++) {
            ColumnInfo column = columns.get(i);
            boolean user = registry.hasUserCodecs() && (registry.forType(column.pgType()) != null
                    || column.isArray() && registry.forType(column.elementType()) != null);
            codecs[i] = user ? null : BinaryCodecs.forType(column.pgType());
            if (codecs[i] == null) {
                if (required) {
                    throw new InvalidStatementException(column.describe() + (user ? " has a user codec, which "
                            + "speaks the text form," : " has no binary codec,") + " and binary COPY is all or "
                            + "nothing; use Format.AUTO or Format.TEXT", "0A000");
                }
                return null;
            }
        }
        return codecs;
    }

    static <T> Stream<T> copyOut(Operations ops, Sql query, Class<T> type, CopyOptions options) {
        Objects.requireNonNull(type, "type");
        return stream(ops, query, columns -> RowMapper.forColumns(type, columns, ops.codecs())::fromValues,
                options);
    }

    static <T> Stream<T> copyOut(Operations ops, Sql query, Function<? super Row, ? extends T> mapper,
            CopyOptions options) {
        Objects.requireNonNull(mapper, "mapper");
        return stream(ops, query, columns -> {
            ValuesRow row = new ValuesRow(columns, ops.codecs());
            return values -> mapper.apply(row.at(values));
        }, options);
    }

    /** Makes the mapping of a row's values once the result's columns are known. */
    @FunctionalInterface
    private interface Mapping<T> {
        Function<Object[], T> plan(List<ColumnInfo> columns);
    }

    private static <T> Stream<T> stream(Operations ops, Sql query, Mapping<T> mapping, CopyOptions options) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(options, "options");
        if (!query.values().isEmpty()) {
            throw new InvalidStatementException("COPY cannot take bound parameters, and copyOut never splices values "
                    + "into SQL; use query(...) for a parameterised query, or copyOut a query without values: "
                    + Operations.abbreviate(query.text()), "42P02");
        }
        if (options.onError() == CopyOptions.OnError.IGNORE) {
            throw new InvalidStatementException("onError IGNORE applies to copyIn only", "0A000");
        }
        Connection c = ops.acquire();
        boolean owns = ops.ownsConnections();
        Operations.QueryResource resource = new Operations.QueryResource(ops, c, owns);
        try {
            if (owns) {
                // The resource ends the stream by commit or rollback, as for query streams.
                c.setAutoCommit(false);
            }
            List<ColumnInfo> columns;
            try (PreparedStatement ps = c.prepareStatement(query.text())) {
                ResultSetMetaData md = ps.getMetaData();
                if (md == null) {
                    throw new InvalidStatementException("copyOut needs a query that returns rows: "
                            + Operations.abbreviate(query.text()), "42601");
                }
                columns = RowMapper.columnsOf(md);
            }
            Function<Object[], T> mapper = mapping.plan(columns);
            BinaryCodec[] codecs = options.format() == CopyOptions.Format.TEXT ? null
                    : codecs(columns, options.format() == CopyOptions.Format.BINARY, ops.codecs());
            CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + query.text()
                    + ") TO STDOUT" + (codecs != null ? " (FORMAT binary)" : ""));
            resource.copy = copy;
            ops.opened(resource);
            CopyReader reader = codecs != null ? CopyReader.binary(copy, columns, codecs)
                    : CopyReader.text(copy, columns, ops.codecs());
            return resource.stream(() -> {
                Object[] values = reader.next();
                return values == null ? Operations.QueryResource.END : mapper.apply(values);
            });
        } catch (SQLException | RuntimeException e) {
            throw resource.failed(e);
        }
    }
}
