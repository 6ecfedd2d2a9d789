package io.pgconnector.client.internal;

import io.pgconnector.client.ConversionException;
import io.pgconnector.mapping.internal.BinaryCodec;
import io.pgconnector.mapping.internal.ColumnInfo;
import io.pgconnector.mapping.internal.TextCodec;
import org.postgresql.copy.CopyOut;
import org.postgresql.copy.PGCopyInputStream;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
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

    static CopyReader text(CopyOut copy, List<ColumnInfo> columns) {
        return new Text(copy, columns);
    }

    private static final class Binary extends CopyReader {
        private final DataInputStream in;
        private final BinaryCodec[] codecs;
        private byte[] scratch = new byte[256];
        private boolean started;
        private boolean done;

        Binary(CopyOut copy, List<ColumnInfo> columns, BinaryCodec[] codecs) {
            super(columns);
            this.in = new DataInputStream(new BufferedInputStream(new PGCopyInputStream(copy), 64 * 1024));
            this.codecs = codecs;
        }

        @Override
        Object[] next() throws SQLException {
            if (done) {
                return null;
            }
            try {
                if (!started) {
                    started = true;
                    in.skipNBytes(11 + 4);
                    in.skipNBytes(in.readInt());
                }
                short fields = in.readShort();
                if (fields == -1) {
                    done = true;
                    // Drain to the end of the COPY so that the connection is ready for the next statement.
                    while (in.read(scratch) >= 0) {
                        continue;
                    }
                    return null;
                }
                if (fields != codecs.length) {
                    throw new ConversionException("COPY sent " + fields + " fields for " + codecs.length + " columns");
                }
                Object[] row = new Object[fields];
                for (int k = 0; k < fields; k++) {
                    int length = in.readInt();
                    if (length >= 0) {
                        if (length > scratch.length) {
                            scratch = new byte[Math.max(length, scratch.length * 2)];
                        }
                        in.readFully(scratch, 0, length);
                        row[k] = decode(k, length);
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

        private Object decode(int k, int length) {
            try {
                return codecs[k].decode(scratch, 0, length);
            } catch (ConversionException e) {
                throw new ConversionException("Cannot read " + columns.get(k).describe() + ": " + e.getMessage(), e);
            }
        }
    }

    private static final class Text extends CopyReader {
        private final CopyOut copy;
        private final StringBuilder field = new StringBuilder();

        Text(CopyOut copy, List<ColumnInfo> columns) {
            super(columns);
            this.copy = copy;
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
            try {
                return TextCodec.parse(field.toString(), Object.class, column.pgType());
            } catch (ConversionException e) {
                throw new ConversionException("Cannot read " + column.describe() + ": " + e.getMessage(), e);
            }
        }
    }
}
