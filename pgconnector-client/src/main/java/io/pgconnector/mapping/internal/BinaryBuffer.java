package io.pgconnector.mapping.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer for PostgreSQL's binary formats (network byte order), written by {@link BinaryCodec}s. One
 * buffer is reused for a whole COPY, so writing a value allocates nothing but its UTF-8 bytes.
 */
public final class BinaryBuffer {
    private byte[] bytes;
    private int length;

    /**
     * Creates a buffer.
     *
     * @param capacity the initial capacity in bytes
     */
    public BinaryBuffer(int capacity) {
        bytes = new byte[capacity];
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    /**
     * Appends a 16-bit integer.
     *
     * @param v the value
     */
    public void writeShort(int v) {
        ensure(2);
        bytes[length++] = (byte) (v >>> 8);
        bytes[length++] = (byte) v;
    }

    /**
     * Appends a 32-bit integer.
     *
     * @param v the value
     */
    public void writeInt(int v) {
        ensure(4);
        putInt(length, v);
        length += 4;
    }

    /**
     * Appends a 64-bit integer.
     *
     * @param v the value
     */
    public void writeLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[length++] = (byte) (v >>> shift);
        }
    }

    /**
     * Appends one byte.
     *
     * @param v the byte
     */
    public void writeByte(int v) {
        ensure(1);
        bytes[length++] = (byte) v;
    }

    /**
     * Appends bytes.
     *
     * @param b the bytes
     */
    public void write(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
    }

    /**
     * Appends a string as UTF-8, without a length.
     *
     * @param s the string
     * @throws io.pgconnector.errors.ConversionException if it holds an unpaired surrogate
     */
    public void writeUtf8(String s) {
        int n = s.length();
        ensure(n);
        // ASCII, the common case, is copied without an intermediate array.
        int i = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            bytes[length + i] = (byte) c;
        }
        if (i == n) {
            length += n;
            return;
        }
        // The encoder would replace an unpaired surrogate with '?', changing the value silently.
        write(Surrogates.checked(s).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reserves a 32-bit length field, to be filled by {@link #endLength(int)} once the value is written.
     *
     * @return the position of the field
     */
    public int beginLength() {
        ensure(4);
        int at = length;
        length += 4;
        return at;
    }

    /**
     * Fills a length field reserved by {@link #beginLength()} with the number of bytes written since.
     *
     * @param at the position of the field
     */
    public void endLength(int at) {
        putInt(at, length - at - 4);
    }

    private void putInt(int at, int v) {
        bytes[at] = (byte) (v >>> 24);
        bytes[at + 1] = (byte) (v >>> 16);
        bytes[at + 2] = (byte) (v >>> 8);
        bytes[at + 3] = (byte) v;
    }

    /**
     * Returns the backing array; its first {@link #length()} bytes are the content.
     *
     * @return the array
     */
    public byte[] array() {
        return bytes;
    }

    /**
     * Returns the number of bytes written.
     *
     * @return the length
     */
    public int length() {
        return length;
    }

    /**
     * Drops everything written after {@code newLength} bytes.
     *
     * @param newLength the length to keep
     */
    public void truncate(int newLength) {
        length = newLength;
    }
}
