package io.pgconnector.client.internal;

import io.pgconnector.errors.NoRowsException;
import io.pgconnector.client.Sql;
import io.pgconnector.errors.TooManyRowsException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The verbs that read a bounded number of rows into memory: {@code queryRow}, {@code queryOptional} and
 * {@code queryList}. The server is asked for at most one row more than wanted, so a guard costs no extra transfer.
 */
final class Lookups {
    private Lookups() {
    }

    static <T> T row(Operations ops, Sql sql, RowSource<T> source) {
        List<T> rows = rows(ops, sql, source, 1);
        if (rows.isEmpty()) {
            throw new NoRowsException("The query returned no rows: " + Operations.abbreviate(sql.text()));
        }
        return rows.get(0);
    }

    static <T> Optional<T> optional(Operations ops, Sql sql, RowSource<T> source) {
        List<T> rows = rows(ops, sql, source, 1);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    static <T> List<T> list(Operations ops, Sql sql, RowSource<T> source, int maxRows) {
        if (maxRows < 1 || maxRows == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxRows must be between 1 and " + (Integer.MAX_VALUE - 1) + ": "
                    + maxRows);
        }
        List<T> rows = rows(ops, sql, source, maxRows + 1);
        if (rows.size() > maxRows) {
            throw new TooManyRowsException("The query returned more than " + maxRows + " rows, the limit of "
                    + "queryList: " + Operations.abbreviate(sql.text()) + ". Stream the rows with query(...), "
                    + "narrow the query, or pass a larger maxRows.");
        }
        return Collections.unmodifiableList(rows);
    }

    private static <T> List<T> rows(Operations ops, Sql sql, RowSource<T> source, int maxRows) {
        Connection c = ops.acquire();
        try {
            try {
                return rowsOn(ops, c, sql, source, maxRows, false);
            } catch (SQLException e) {
                if (ops.ownsConnections() && Operations.jsonIntegerRetry(e, sql)) {
                    return rowsOn(ops, c, sql, source, maxRows, true);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw Errors.translate(e);
        } finally {
            ops.release(c);
        }
    }

    private static <T> List<T> rowsOn(Operations ops, Connection c, Sql sql, RowSource<T> source, int maxRows,
            boolean untypedIntegers) throws SQLException {
        return ops.statements().run(c, sql.text(), StatementCache.Use.PLAIN, null, ps -> {
            Operations.bindAll(ops.codecs(), ps, sql.values(), untypedIntegers);
            ps.setMaxRows(maxRows);
            try (ResultSet rs = ps.executeQuery()) {
                RowSource.Reader<T> reader = source.open(rs, sql.text(), ops.codecs());
                if (maxRows == 1) {
                    // A scalar row may be SQL NULL, which List.of would refuse.
                    return rs.next() ? Collections.singletonList(reader.read(rs)) : List.of();
                }
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
                return rows;
            }
        });
    }
}
