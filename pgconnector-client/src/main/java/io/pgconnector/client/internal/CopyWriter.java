package io.pgconnector.client.internal;

import io.pgconnector.errors.CopyException;
import io.pgconnector.errors.DataException;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.mapping.internal.BinaryBuffer;
import io.pgconnector.mapping.internal.BinaryCodec;
import io.pgconnector.mapping.internal.BinaryCodecs;
import io.pgconnector.mapping.internal.CodecRegistry;
import io.pgconnector.mapping.internal.ColumnInfo;
import io.pgconnector.mapping.internal.Surrogates;
import io.pgconnector.mapping.internal.TextCodec;
import io.pgconnector.mapping.internal.UserCodec;
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
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams rows into a {@code COPY ... FROM STDIN}, in binary format (a {@link BinaryCodec} per column) or text
 * format, in constant memory: values are encoded into one reused buffer that is flushed every 256 KiB. A value the
 * client cannot encode cancels the COPY, so the table is unchanged, and fails with a {@link CopyException} naming the
 * row and column, as does a row the server refuses.
 */
final class CopyWriter {
    private static final byte[] BINARY_HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};
    private static final int FLUSH_BYTES = 256 * 1024;
    private static final Pattern WHERE = Pattern.compile("line (\\d+)(?:, column ([^:,\\s]+))?");

    /** Reads the values of one row. */
    interface Values {
        /** Returns the number of values of a row. */
        int size(Object row);

        /** Returns value {@code k} of a row. */
        Object get(Object row, int k);
    }

    /** Reads rows given as lists. */
    static final Values LISTS = new Values() {
        @Override
        public int size(Object row) {
            return ((List<?>) row).size();
        }

        @Override
        public Object get(Object row, int k) {
            return ((List<?>) row).get(k);
        }
    };

    /**
     * The rows sent and the rows the server kept.
     *
     * @param sent   rows sent
     * @param copied rows the server reports copied
     */
    record Counts(long sent, long copied) {
    }

    private CopyWriter() {
    }

    /**
     * Runs the COPY.
     *
     * @param codecs   one codec per column for binary format, or null for text format
     * @param registry the client's codecs: a user codec formats the values of its type in text format
     * @throws CopyException naming the failed row and column
     */
    static Counts write(Connection c, String command, List<ColumnInfo> columns, BinaryCodec[] codecs,
            Iterator<?> rows, Values values, CodecRegistry registry) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(command);
        long sent = 0;
        int column = -1;
        try {
            int n = columns.size();
            if (codecs != null) {
                BinaryBuffer buf = new BinaryBuffer(FLUSH_BYTES + 64 * 1024);
                buf.write(BINARY_HEADER);
                while (rows.hasNext()) {
                    Object row = rows.next();
                    checkSize(row, values, n, sent);
                    buf.writeShort(n);
                    for (column = 0; column < n; column++) {
                        Object v = values.get(row, column);
                        if (v == null) {
                            buf.writeInt(-1);
                        } else {
                            int at = buf.beginLength();
                            BinaryCodecs.encode(codecs[column], columns.get(column), v, buf);
                            buf.endLength(at);
                        }
                    }
                    column = -1;
                    sent++;
                    if (buf.length() >= FLUSH_BYTES) {
                        copy.writeToCopy(buf.array(), 0, buf.length());
                        buf.truncate(0);
                    }
                }
                buf.writeShort(-1);
                copy.writeToCopy(buf.array(), 0, buf.length());
            } else {
                StringBuilder buf = new StringBuilder(FLUSH_BYTES + 1024);
                UserCodec[] user = userCodecs(columns, registry);
                while (rows.hasNext()) {
                    Object row = rows.next();
                    checkSize(row, values, n, sent);
                    for (column = 0; column < n; column++) {
                        if (column > 0) {
                            buf.append('\t');
                        }
                        Object v = values.get(row, column);
                        if (v != null && user != null && user[column] != null
                                && user[column].javaClass().isInstance(v)) {
                            appendEscaped(buf, user[column].format(v));
                        } else {
                            appendText(buf, v, registry);
                        }
                    }
                    column = -1;
                    buf.append('\n');
                    sent++;
                    if (buf.length() >= FLUSH_BYTES) {
                        writeText(copy, buf);
                    }
                }
                writeText(copy, buf);
            }
            return new Counts(sent, copy.endCopy());
        } catch (SQLException e) {
            cancel(copy, e);
            throw serverFailure(e);
        } catch (DataException e) {
            cancel(copy, e);
            String name = column >= 0 ? columns.get(column).name() : null;
            throw new CopyException("Row " + (sent + 1) + (name == null ? "" : ", column '" + name + "'")
                    + ": " + e.getMessage() + ". The COPY was cancelled; nothing was written.", e.sqlState(),
                    sent + 1, name, e);
        } catch (RuntimeException | Error e) {
            cancel(copy, e);
            throw e;
        }
    }

    private static void checkSize(Object row, Values values, int n, long sent) {
        if (row == null) {
            throw new io.pgconnector.errors.ConversionException("the row is null");
        }
        int size = values.size(row);
        if (size != n) {
            throw new io.pgconnector.errors.ConversionException("the row has " + size + " value(s) but the COPY has "
                    + n + " column(s)");
        }
    }

    private static void cancel(CopyIn copy, Throwable cause) {
        if (copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /** Names the row and column the server's error context ("COPY t, line 3, column total") points at. */
    private static PostgresException serverFailure(SQLException e) {
        PostgresException translated = Errors.translate(e);
        if (e instanceof PSQLException) {
            ServerErrorMessage sem = ((PSQLException) e).getServerErrorMessage();
            if (sem != null && sem.getWhere() != null) {
                Matcher m = WHERE.matcher(sem.getWhere());
                if (m.find()) {
                    long row = Long.parseLong(m.group(1));
                    String column = m.group(2);
                    return new CopyException("Row " + row + (column == null ? "" : ", column '" + column + "'")
                            + ": " + translated.getMessage(), translated.sqlState(), row, column, e);
                }
            }
        }
        return translated;
    }

    private static void writeText(CopyIn copy, StringBuilder buf) throws SQLException {
        if (buf.length() > 0) {
            byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buf.setLength(0);
        }
    }

    /** The user codec of each column's type, or null when no column has one. */
    private static UserCodec[] userCodecs(List<ColumnInfo> columns, CodecRegistry registry) {
        if (!registry.hasUserCodecs()) {
            return null;
        }
        UserCodec[] user = new UserCodec[columns.size()];
        for (int i = 0; i < user.length; i++) {
            user[i] = registry.forType(columns.get(i).pgType());
        }
        return user;
    }

    private static void appendText(StringBuilder buf, Object v, CodecRegistry registry) {
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
            appendEscaped(buf, TextCodec.format(v, registry));
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
}
