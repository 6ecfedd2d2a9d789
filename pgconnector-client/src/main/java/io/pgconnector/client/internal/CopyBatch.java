package io.pgconnector.client.internal;

import io.pgconnector.client.BatchExecuteException;
import io.pgconnector.client.BatchStatementResult;
import io.pgconnector.errors.ConversionException;
import io.pgconnector.errors.CopyException;
import io.pgconnector.client.ExecutionResult;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.mapping.internal.BinaryCodec;
import io.pgconnector.mapping.internal.CodecRegistry;
import io.pgconnector.mapping.internal.ColumnInfo;

import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The fast path of {@code batchExecute} for plain inserts ({@code INSERT INTO t (a, b) VALUES (?, ?)}): the rows go
 * to the server as one {@code COPY ... FROM STDIN}. Binary format when every column's type has a binary codec and
 * the first row's values are of those codecs' Java types, array elements and range bounds included (a {@code String}
 * for a {@code uuid} column keeps the batch in text format, where the server parses it as it would the bound
 * parameter); text format otherwise. The batch
 * keeps its semantics: atomic, one result per statement, and on failure the statement that failed is named.
 */
final class CopyBatch {
    /** Below this many rows the ordinary batch is as fast. */
    static final int MIN_ROWS = 64;

    private CopyBatch() {
    }

    /**
     * Sends the statements' values through COPY.
     *
     * @param insert the insert statement, whose parameter types are the columns' types
     * @return one result per statement
     * @throws BatchExecuteException naming the failed statement
     */
    static List<ExecutionResult> run(Connection c, String insert, String copyCommand, Iterator<List<?>> rows,
            int knownSize, CodecRegistry registry) throws SQLException {
        if (!rows.hasNext()) {
            return List.of();
        }
        List<?> first = rows.next();
        List<ColumnInfo> columns = parameterColumns(c, insert, copyCommand);
        BinaryCodec[] codecs = binaryCodecs(columns, first, registry);
        Iterator<List<?>> all = new Iterator<>() {
            private boolean firstTaken;

            @Override
            public boolean hasNext() {
                return !firstTaken || rows.hasNext();
            }

            @Override
            public List<?> next() {
                if (!firstTaken) {
                    firstTaken = true;
                    return first;
                }
                if (!rows.hasNext()) {
                    throw new NoSuchElementException();
                }
                return rows.next();
            }
        };
        String command = codecs == null ? copyCommand : copyCommand + " (FORMAT binary)";
        CopyWriter.Counts counts;
        try {
            counts = CopyWriter.write(c, command, columns, codecs, all, CopyWriter.LISTS, registry);
        } catch (CopyException e) {
            if (e.getCause() instanceof ConversionException) {
                // Refused by the client before sending, as the ordinary batch refuses a value it cannot bind.
                int parameter = columns.stream().map(ColumnInfo::name).toList().indexOf(e.column()) + 1;
                throw new ConversionException("Statement " + (e.rowNumber() - 1) + " of the batch: "
                        + (parameter > 0 ? "parameter " + parameter + ": " : "") + e.getCause().getMessage(),
                        e.getCause());
            }
            throw asBatchFailure(e, knownSize);
        }
        if (counts.copied() != counts.sent()) {
            throw new PostgresException("COPY reported " + counts.copied() + " rows for " + counts.sent()
                    + " statements", null, null);
        }
        // Every statement inserted one row; one shared result object keeps a huge batch's answer small.
        return Collections.nCopies(Math.toIntExact(counts.sent()), new ExecutionResult(1, null));
    }

    /** The inserted columns, named from the COPY command's column list and typed by the server. */
    private static List<ColumnInfo> parameterColumns(Connection c, String insert, String copyCommand)
            throws SQLException {
        int open = copyCommand.indexOf('(');
        int close = copyCommand.lastIndexOf(')');
        String[] names = open > 0 && close > open ? copyCommand.substring(open + 1, close).split(",") : new String[0];
        List<ColumnInfo> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ParameterMetaData md = ps.getParameterMetaData();
            for (int i = 1; i <= md.getParameterCount(); i++) {
                String name = i <= names.length ? names[i - 1].trim() : "$" + i;
                columns.add(new ColumnInfo(name, md.getParameterTypeName(i)));
            }
        }
        return columns;
    }

    private static BinaryCodec[] binaryCodecs(List<ColumnInfo> columns, List<?> first, CodecRegistry registry) {
        if (first.size() != columns.size()) {
            return null;
        }
        BinaryCodec[] codecs = Copies.codecs(columns, false, registry);
        if (codecs == null) {
            return null;
        }
        for (int i = 0; i < codecs.length; i++) {
            Object v = first.get(i);
            if (v != null && !codecs[i].acceptsAsIs(v)) {
                return null;
            }
        }
        return codecs;
    }

    private static PostgresException asBatchFailure(CopyException e, int knownSize) {
        long row = e.rowNumber();
        if (row < 1) {
            return e;
        }
        int failed = Math.toIntExact(row - 1);
        int total = Math.max(knownSize, failed + 1);
        List<BatchStatementResult> results = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            BatchStatementResult.Status status = i < failed ? BatchStatementResult.Status.SUCCEEDED
                    : i == failed ? BatchStatementResult.Status.FAILED : BatchStatementResult.Status.NOT_EXECUTED;
            results.add(new BatchStatementResult(i, status, i < failed ? 1 : 0));
        }
        String message = e.getCause() instanceof PostgresException ? e.getCause().getMessage()
                : e.getCause() instanceof SQLException ? Errors.translate((SQLException) e.getCause()).getMessage()
                : e.getMessage();
        return new BatchExecuteException("Statement " + failed + " of the batch failed, so the batch was rolled back: "
                + message, e.sqlState(), results, e.getCause());
    }
}
