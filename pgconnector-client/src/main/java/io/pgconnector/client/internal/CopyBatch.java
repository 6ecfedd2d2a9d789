package io.pgconnector.client.internal;

import io.pgconnector.client.BatchExecuteException;
import io.pgconnector.client.BatchStatementResult;
import io.pgconnector.client.ConversionException;
import io.pgconnector.client.ExecutionResult;
import io.pgconnector.client.PostgresException;
import io.pgconnector.client.Sql;
import io.pgconnector.mapping.internal.Surrogates;
import io.pgconnector.mapping.internal.TextCodec;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fast path of {@code batchExecute} for plain inserts ({@code INSERT INTO t (a, b) VALUES (?, ?)}): the rows go
 * to the server as one {@code COPY ... FROM STDIN} in text format, which the server parses per column type exactly as
 * it would parse the bound parameters. The batch keeps its semantics: atomic, one result per statement, and on
 * failure the server's "line N" tells which statement failed.
 */
final class CopyBatch {
    /** Below this many rows the ordinary batch is as fast. */
    static final int MIN_ROWS = 64;

    private static final Pattern LINE = Pattern.compile("line (\\d+)");
    private static final int FLUSH_BYTES = 256 * 1024;
    private CopyBatch() {
    }

    /**
     * Sends the statements' values through COPY.
     *
     * @return one result per statement
     * @throws BatchExecuteException naming the failed statement
     */
    static List<ExecutionResult> run(Connection c, String copyCommand, Iterator<List<?>> rows, int knownSize)
            throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copyCommand);
        int sent = 0;
        try {
            StringBuilder buf = new StringBuilder(FLUSH_BYTES + 1024);
            while (rows.hasNext()) {
                try {
                    appendRow(buf, rows.next());
                } catch (ConversionException e) {
                    throw new ConversionException("Statement " + sent + " of the batch: " + e.getMessage(), e);
                }
                sent++;
                if (buf.length() >= FLUSH_BYTES) {
                    write(copy, buf);
                }
            }
            write(copy, buf);
            long copied = copy.endCopy();
            if (copied != sent) {
                throw new PostgresException("COPY reported " + copied + " rows for " + sent + " statements", null,
                        null);
            }
        } catch (SQLException e) {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw failure(e, Math.max(sent, knownSize));
        } catch (RuntimeException e) {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
            throw e;
        }
        // Every statement inserted one row; one shared result object keeps a huge batch's answer small.
        ExecutionResult one = new ExecutionResult(1, null);
        return java.util.Collections.nCopies(sent, one);
    }

    private static void write(CopyIn copy, StringBuilder buf) throws SQLException {
        if (buf.length() > 0) {
            byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buf.setLength(0);
        }
    }

    private static void appendRow(StringBuilder buf, List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                buf.append('\t');
            }
            Object v = values.get(i);
            try {
                appendValue(buf, v);
            } catch (ConversionException e) {
                throw new ConversionException("parameter " + (i + 1) + ": " + e.getMessage(), e.getCause());
            }
        }
        buf.append('\n');
    }

    private static void appendValue(StringBuilder buf, Object v) {
        if (v == null) {
            buf.append("\\N");
        } else if (v instanceof String) {
            appendEscaped(buf, (String) v);
        } else if (v instanceof Long) {
            buf.append(((Long) v).longValue());
        } else if (v instanceof Integer || v instanceof Short) {
            buf.append(((Number) v).intValue());
        } else if (v instanceof BigDecimal) {
            buf.append(v);
        } else if (v instanceof OffsetDateTime && isFinite(((OffsetDateTime) v).getYear())) {
            // ISO-8601 is valid timestamptz input and much cheaper to produce than the server's own style.
            buf.append(v);
        } else if (v instanceof LocalDateTime && isFinite(((LocalDateTime) v).getYear())) {
            buf.append(v);
        } else {
            appendEscaped(buf, TextCodec.format(v));
        }
    }

    private static boolean isFinite(int year) {
        return year >= 1 && year <= 9999;
    }

    private static void appendEscaped(StringBuilder buf, String text) {
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r' || Character.isSurrogate(ch)) {
                break;
            }
            i++;
        }
        if (i == text.length()) {
            buf.append(text);
            return;
        }
        buf.append(text, 0, i);
        for (; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\\': buf.append("\\\\"); break;
                case '\t': buf.append("\\t"); break;
                case '\n': buf.append("\\n"); break;
                case '\r': buf.append("\\r"); break;
                default:
                    if (Character.isSurrogate(ch) && Surrogates.isUnpairedAt(text, i)) {
                        throw Surrogates.unpaired(text, i);
                    }
                    buf.append(ch);
            }
        }
    }

    private static SQLException failure(SQLException e, int total) {
        int failed = -1;
        if (e instanceof PSQLException) {
            ServerErrorMessage sem = ((PSQLException) e).getServerErrorMessage();
            if (sem != null && sem.getWhere() != null) {
                Matcher m = LINE.matcher(sem.getWhere());
                if (m.find()) {
                    failed = Integer.parseInt(m.group(1)) - 1;
                }
            }
        }
        if (failed < 0 || failed >= total) {
            return e;
        }
        List<BatchStatementResult> results = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            BatchStatementResult.Status status = i < failed ? BatchStatementResult.Status.SUCCEEDED
                    : i == failed ? BatchStatementResult.Status.FAILED : BatchStatementResult.Status.NOT_EXECUTED;
            results.add(new BatchStatementResult(i, status, i < failed ? 1 : 0));
        }
        PostgresException translated = Errors.translate(e);
        throw new BatchExecuteException("Statement " + failed + " of the batch failed, so the batch was rolled back: "
                + translated.getMessage(), translated.sqlState(), results, e);
    }
}
