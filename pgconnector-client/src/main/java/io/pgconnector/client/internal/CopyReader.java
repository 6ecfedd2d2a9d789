package io.pgconnector.client.internal;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.mapping.internal.BinaryCodec;
import io.pgconnector.mapping.internal.CodecRegistry;
import io.pgconnector.mapping.internal.ColumnInfo;
import io.pgconnector.mapping.internal.TextCodec;
import org.postgresql.copy.CopyOut;
import org.postgresql.copy.PGCopyInputStream;
import org.postgresql.util.ByteConverter;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the rows of a {@code COPY ... TO STDOUT} one at a time, each as values in their columns' natural Java types:
 * in binary format through a {@link BinaryCodec} per column, in text format through {@link TextCodec}. Only one row
 * is held at a time.
 */
abstract class CopyReader {
    final List<ColumnInfo> columns;

    CopyReader(List<ColumnInfo> columns) {
        this.columns = columns;
    }

    /**
     * Returns the next row's values, or null at the end.
     *
     * @throws SQLException if the server or connection fails
     */
    abstract Object[] next() throws SQLException;

    static CopyReader binary(CopyOut copy, List<ColumnInfo> columns, BinaryCodec[] codecs) {
        return new Binary(copy, columns, codecs);
    }

    static CopyReader text(CopyOut copy, List<ColumnInfo> columns, CodecRegistry registry) {
        return new Text(copy, columns, registry);
    }

    private static final class Binary extends CopyReader {
        private final InputStream in;
        private final BinaryCodec[] codecs;
        /** Unread bytes of the COPY are buf[pos, limit); read here without a lock per field, unlike DataInputStream. */
        private byte[] buf = new byte[64 * 1024];
        private int pos;
        private int limit;
        private boolean started;
        private boolean done;

        Binary(CopyOut copy, List<ColumnInfo> columns, BinaryCodec[] codecs) {
            super(columns);
            this.in = new PGCopyInputStream(copy);
            this.codecs = codecs;
        }

        /** Makes {@code n} bytes available at {@code pos}. */
        private void need(int n) throws IOException {
            if (limit - pos >= n) {
                return;
            }
            if (n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(n, buf.length * 2));
            }
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
            while (limit < n) {
                int read = in.read(buf, limit, buf.length - limit);
                if (read < 0) {
                    throw new EOFException();
                }
                limit += read;
            }
        }

        private short readShort() throws IOException {
            need(2);
            short v = (short) (((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF));
            pos += 2;
            return v;
        }

        private int readInt() throws IOException {
            need(4);
            int v = ByteConverter.int4(buf, pos);
            pos += 4;
            return v;
        }

        @Override
        Object[] next() throws SQLException {
            if (done) {
                return null;
            }
            try {
                if (!started) {
                    started = true;
                    need(11 + 8);
                    pos += 11 + 4;
                    int extension = readInt();
                    need(extension);
                    pos += extension;
                }
                short fields = readShort();
                if (fields == -1) {
                    done = true;
                    // Read to the end of the COPY so that the connection is ready for the next statement.
                    while (in.read(buf) >= 0) {
                        continue;
                    }
                    return null;
                }
                if (fields != codecs.length) {
                    throw new ConversionException("COPY sent " + fields + " fields for " + codecs.length + " columns");
                }
                Object[] row = new Object[fields];
                for (int k = 0; k < fields; k++) {
                    int length = readInt();
                    if (length >= 0) {
                        need(length);
                        row[k] = decode(k, pos, length);
                        pos += length;
                    }
                }
                return row;
            } catch (EOFException e) {
                throw new SQLException("The COPY ended before its last row", "08006", e);
            } catch (IOException e) {
                throw e.getCause() instanceof SQLException ? (SQLException) e.getCause()
                        : new SQLException("Reading the COPY failed: " + e.getMessage(), "08006", e);
            }
        }

        private Object decode(int k, int offset, int length) {
            try {
                return codecs[k].decode(buf, offset, length);
            } catch (ConversionException e) {
                throw new ConversionException("Cannot read " + columns.get(k).describe() + ": " + e.getMessage(), e);
            }
        }
    }

    private static final class Text extends CopyReader {
        private final CopyOut copy;
        private final StringBuilder field = new StringBuilder();
        private final CodecRegistry registry;

        Text(CopyOut copy, List<ColumnInfo> columns, CodecRegistry registry) {
            super(columns);
            this.copy = copy;
            this.registry = registry;
        }

        @Override
        Object[] next() throws SQLException {
            byte[] line = copy.readFromCopy();
            if (line == null) {
                return null;
            }
            String text = new String(line, StandardCharsets.UTF_8);
            int end = text.endsWith("\n") ? text.length() - 1 : text.length();
            Object[] row = new Object[columns.size()];
            int k = 0;
            int start = 0;
            for (int i = 0; i <= end; i++) {
                if (i == end || text.charAt(i) == '\t') {
                    if (k < row.length) {
                        row[k] = value(k, text, start, i);
                    }
                    k++;
                    start = i + 1;
                }
            }
            if (k != row.length) {
                throw new ConversionException("COPY sent " + k + " fields for " + row.length + " columns");
            }
            return row;
        }

        private Object value(int k, String text, int from, int to) {
            if (to - from == 2 && text.charAt(from) == '\\' && text.charAt(from + 1) == 'N') {
                return null;
            }
            field.setLength(0);
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < to) {
                    char e = text.charAt(++i);
                    switch (e) {
                        case 'b': field.append('\b'); break;
                        case 'f': field.append('\f'); break;
                        case 'n': field.append('\n'); break;
                        case 'r': field.append('\r'); break;
                        case 't': field.append('\t'); break;
                        case 'v': field.append('\u000B'); break;
                        default: field.append(e);
                    }
                } else {
                    field.append(c);
                }
            }
            ColumnInfo column = columns.get(k);
            if (column.pgType().equals("numeric") && field.length() > 0 && !Character.isDigit(field.charAt(
                    field.length() - 1))) {
                // NaN and the infinities, which BigDecimal cannot hold, read as a Double, as in binary format.
                switch (field.toString()) {
                    case "NaN": return Double.NaN;
                    case "Infinity": return Double.POSITIVE_INFINITY;
                    case "-Infinity": return Double.NEGATIVE_INFINITY;
                    default: break;
                }
            }
            try {
                return TextCodec.parse(field.toString(), Object.class, column.pgType(), registry);
            } catch (ConversionException e) {
                throw new ConversionException("Cannot read " + column.describe() + ": " + e.getMessage(), e);
            }
        }
    }
}
