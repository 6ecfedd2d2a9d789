package io.pgconnector.mapping.internal;

import io.pgconnector.errors.ConversionException;
import org.postgresql.util.ByteConverter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * The binary form (binary COPY) of the types that have a simple one: integers, floats, numeric, bool, the character
 * types, bytea, date, time, timestamp, timestamptz, uuid, json and jsonb here, the value types of
 * {@link BinaryForms} (interval, timetz, geometry, network, bit strings...), and the arrays and ranges of
 * {@link BinaryStructures}. Each is declared with its type's codec in {@link BuiltInCodecs}; this class holds the
 * shared encoders and decoders. Other types (money, tsvector, xml, enums, composites, user types) have none and travel
 * in text form.
 */
public final class BinaryCodecs {
    /** Seconds from 1970-01-01 to PostgreSQL's epoch, 2000-01-01. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;
    private static final long PG_EPOCH_DAYS = 10_957L;

    /** Writes a value of an accepted class. */
    @FunctionalInterface
    interface Encoder {
        void encode(Object value, BinaryBuffer out);
    }

    /** Reads a value in the natural class. */
    @FunctionalInterface
    interface Decoder {
        Object decode(byte[] b, int offset, int length);
    }

    private record Codec(String pgType, Set<Class<?>> classes, Encoder encoder, Decoder decoder)
            implements BinaryCodec {
        @Override
        public boolean accepts(Class<?> type) {
            return classes.contains(type);
        }

        @Override
        public void encode(Object value, BinaryBuffer out) {
            encoder.encode(value, out);
        }

        @Override
        public Object decode(byte[] bytes, int offset, int length) {
            return decoder.decode(bytes, offset, length);
        }
    }

    private BinaryCodecs() {
    }

    /**
     * Makes the binary part of a built-in codec ({@link BuiltInCodecs} declares it with the type).
     *
     * @param pgType  the type name
     * @param classes the Java classes written as they are
     * @param encoder writes a value
     * @param decoder reads a value
     * @return the binary codec
     */
    static BinaryCodec of(String pgType, Set<Class<?>> classes, Encoder encoder, Decoder decoder) {
        return new Codec(pgType, classes, encoder, decoder);
    }

    /**
     * Returns the binary codec of a PostgreSQL type, or {@code null} when the type has none.
     *
     * @param pgType the type name ({@code pg_type.typname})
     * @return the codec or null
     */
    public static BinaryCodec forType(String pgType) {
        BinaryCodec codec = BuiltInCodecs.binary(pgType);
        return codec != null || pgType == null ? codec : BinaryStructures.forType(pgType);
    }

    /**
     * Writes any Java value for a column: values of the codec's own classes as they are, others converted to the
     * column's natural Java type first, by the same rules as reading a column into a Java type (numbers widened or
     * narrowed exactly, everything else through its PostgreSQL text form).
     *
     * @param codec  the column's codec
     * @param column the column
     * @param value  the value, not null
     * @param out    the buffer
     * @throws ConversionException if the value does not fit the column's type
     */
    public static void encode(BinaryCodec codec, ColumnInfo column, Object value, BinaryBuffer out) {
        if (codec.accepts(value.getClass())) {
            codec.encode(value, out);
            return;
        }
        Object natural = column.pgType().equals("text") || column.pgType().equals("varchar")
                || column.pgType().equals("bpchar") || column.pgType().equals("name")
                ? (value instanceof String ? value : TextCodec.format(value))
                : Conversions.convert(value, column, PgTypes.naturalType(column.pgType()));
        if (!codec.accepts(natural.getClass())) {
            throw new ConversionException("A " + value.getClass().getSimpleName() + " cannot be written to "
                    + column.describe());
        }
        codec.encode(natural, out);
    }

    static BigDecimal toBigDecimal(Object v) {
        if (v instanceof BigDecimal) {
            return (BigDecimal) v;
        }
        if (v instanceof BigInteger) {
            return new BigDecimal((BigInteger) v);
        }
        return BigDecimal.valueOf(((Number) v).longValue());
    }

    /**
     * Writes a numeric: a double's NaN and infinities as the numeric specials (infinities need PostgreSQL 14), other
     * doubles as their decimal text, as in text format.
     */
    static void encodeNumeric(Object v, BinaryBuffer out) {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                out.writeShort(0);
                out.writeShort(0);
                out.writeShort(Double.isNaN(d) ? 0xC000 : d > 0 ? 0xD000 : 0xF000);
                out.writeShort(0);
                return;
            }
            out.write(ByteConverter.numeric(new BigDecimal(v.toString())));
            return;
        }
        out.write(ByteConverter.numeric(toBigDecimal(v)));
    }

    /**
     * Reads a numeric as a BigDecimal, or NaN and the infinities, which BigDecimal cannot hold, as a Double (so that
     * they read into a double, and fail with a clear message into a BigDecimal).
     */
    static Object decodeNumeric(byte[] b, int offset, int length) {
        return ByteConverter.numeric(b, offset, length);
    }

    static int encodeDate(LocalDate d) {
        if (d.equals(LocalDate.MAX)) {
            return Integer.MAX_VALUE;
        }
        if (d.equals(LocalDate.MIN)) {
            return Integer.MIN_VALUE;
        }
        return Math.toIntExact(d.toEpochDay() - PG_EPOCH_DAYS);
    }

    static LocalDate decodeDate(int days) {
        if (days == Integer.MAX_VALUE) {
            return LocalDate.MAX;
        }
        if (days == Integer.MIN_VALUE) {
            return LocalDate.MIN;
        }
        return LocalDate.ofEpochDay(days + PG_EPOCH_DAYS);
    }

    static LocalTime decodeTime(long micros) {
        // 24:00:00 is a valid time in PostgreSQL; JDBC reads it as LocalTime.MAX too.
        return micros >= 86_400_000_000L ? LocalTime.MAX : LocalTime.ofNanoOfDay(micros * 1000);
    }

    static long encodeTimestamp(LocalDateTime t) {
        if (t.equals(LocalDateTime.MAX)) {
            return Long.MAX_VALUE;
        }
        if (t.equals(LocalDateTime.MIN)) {
            return Long.MIN_VALUE;
        }
        return micros(t.toEpochSecond(ZoneOffset.UTC), t.getNano());
    }

    static long encodeTimestamptz(Object v) {
        OffsetDateTime t = v instanceof OffsetDateTime ? (OffsetDateTime) v
                : v instanceof ZonedDateTime ? ((ZonedDateTime) v).toOffsetDateTime() : null;
        if (t != null && t.equals(OffsetDateTime.MAX) || v.equals(Instant.MAX)) {
            return Long.MAX_VALUE;
        }
        if (t != null && t.equals(OffsetDateTime.MIN) || v.equals(Instant.MIN)) {
            return Long.MIN_VALUE;
        }
        Instant i = t != null ? t.toInstant() : (Instant) v;
        return micros(i.getEpochSecond(), i.getNano());
    }

    private static long micros(long epochSecond, int nano) {
        // The server rounds to microseconds on input; so does this.
        return (epochSecond - PG_EPOCH_SECONDS) * 1_000_000L + (nano + 500) / 1000;
    }

    static LocalDateTime decodeTimestamp(long micros) {
        if (micros == Long.MAX_VALUE) {
            return LocalDateTime.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return LocalDateTime.MIN;
        }
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L) + PG_EPOCH_SECONDS,
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    static OffsetDateTime decodeTimestamptz(long micros) {
        if (micros == Long.MAX_VALUE) {
            return OffsetDateTime.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return OffsetDateTime.MIN;
        }
        return decodeTimestamp(micros).atOffset(ZoneOffset.UTC);
    }
}
