package io.pgconnector.mapping.internal;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.types.Json;
import io.pgconnector.types.Jsonb;
import org.postgresql.util.ByteConverter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The binary codecs of the types with a simple binary form: integers, floats, numeric, bool, the character types,
 * bytea, date, time, timestamp, timestamptz, uuid, json and jsonb. Other types (arrays, ranges, geometry, user types)
 * have none here and travel in text form.
 */
public final class BinaryCodecs {
    /** Seconds from 1970-01-01 to PostgreSQL's epoch, 2000-01-01. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;
    private static final long PG_EPOCH_DAYS = 10_957L;
    private static final Map<String, BinaryCodec> BY_TYPE = new HashMap<>();

    @FunctionalInterface
    private interface Encoder {
        void encode(Object value, BinaryBuffer out);
    }

    @FunctionalInterface
    private interface Decoder {
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

    static {
        add("int2", Set.of(Short.class), (v, out) -> out.writeShort((Short) v),
                (b, o, n) -> ByteConverter.int2(b, o));
        add("int4", Set.of(Integer.class), (v, out) -> out.writeInt((Integer) v),
                (b, o, n) -> ByteConverter.int4(b, o));
        add("int8", Set.of(Long.class), (v, out) -> out.writeLong((Long) v),
                (b, o, n) -> ByteConverter.int8(b, o));
        add("float4", Set.of(Float.class), (v, out) -> out.writeInt(Float.floatToRawIntBits((Float) v)),
                (b, o, n) -> ByteConverter.float4(b, o));
        add("float8", Set.of(Double.class), (v, out) -> out.writeLong(Double.doubleToRawLongBits((Double) v)),
                (b, o, n) -> ByteConverter.float8(b, o));
        add("numeric", Set.of(BigDecimal.class, Long.class, Integer.class, Short.class, BigInteger.class),
                (v, out) -> out.write(ByteConverter.numeric(toBigDecimal(v))), BinaryCodecs::decodeNumeric);
        add("bool", Set.of(Boolean.class), (v, out) -> out.writeByte((Boolean) v ? 1 : 0), (b, o, n) -> b[o] != 0);
        Decoder utf8 = (b, o, n) -> new String(b, o, n, StandardCharsets.UTF_8);
        for (String text : new String[] {"text", "varchar", "bpchar", "name"}) {
            add(text, Set.of(String.class), (v, out) -> out.writeUtf8((String) v), utf8);
        }
        add("bytea", Set.of(byte[].class), (v, out) -> out.write((byte[]) v), (b, o, n) -> Arrays.copyOfRange(b, o,
                o + n));
        add("uuid", Set.of(UUID.class), (v, out) -> {
            out.writeLong(((UUID) v).getMostSignificantBits());
            out.writeLong(((UUID) v).getLeastSignificantBits());
        }, (b, o, n) -> new UUID(ByteConverter.int8(b, o), ByteConverter.int8(b, o + 8)));
        add("date", Set.of(LocalDate.class), (v, out) -> out.writeInt(encodeDate((LocalDate) v)),
                (b, o, n) -> decodeDate(ByteConverter.int4(b, o)));
        add("time", Set.of(LocalTime.class), (v, out) -> out.writeLong(((LocalTime) v).toNanoOfDay() / 1000),
                (b, o, n) -> decodeTime(ByteConverter.int8(b, o)));
        add("timestamp", Set.of(LocalDateTime.class), (v, out) -> out.writeLong(encodeTimestamp((LocalDateTime) v)),
                (b, o, n) -> decodeTimestamp(ByteConverter.int8(b, o)));
        add("timestamptz", Set.of(OffsetDateTime.class, Instant.class, ZonedDateTime.class),
                (v, out) -> out.writeLong(encodeTimestamptz(v)),
                (b, o, n) -> decodeTimestamptz(ByteConverter.int8(b, o)));
        add("json", Set.of(Json.class), (v, out) -> out.writeUtf8(v.toString()),
                (b, o, n) -> Json.of(new String(b, o, n, StandardCharsets.UTF_8)));
        add("jsonb", Set.of(Jsonb.class), (v, out) -> {
            out.writeByte(1);
            out.writeUtf8(((Jsonb) v).text());
        }, (b, o, n) -> Jsonb.of(new String(b, o + 1, n - 1, StandardCharsets.UTF_8)));
    }

    private BinaryCodecs() {
    }

    private static void add(String pgType, Set<Class<?>> classes, Encoder encoder, Decoder decoder) {
        BY_TYPE.put(pgType, new Codec(pgType, classes, encoder, decoder));
    }

    /**
     * Returns the binary codec of a PostgreSQL type, or {@code null} when the type has none.
     *
     * @param pgType the type name ({@code pg_type.typname})
     * @return the codec or null
     */
    public static BinaryCodec forType(String pgType) {
        return BY_TYPE.get(pgType);
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

    private static BigDecimal toBigDecimal(Object v) {
        if (v instanceof BigDecimal) {
            return (BigDecimal) v;
        }
        if (v instanceof BigInteger) {
            return new BigDecimal((BigInteger) v);
        }
        return BigDecimal.valueOf(((Number) v).longValue());
    }

    private static Object decodeNumeric(byte[] b, int offset, int length) {
        Number n = ByteConverter.numeric(b, offset, length);
        if (n instanceof BigDecimal) {
            return n;
        }
        throw new ConversionException("The numeric value " + n + " has no BigDecimal form; read it as a double");
    }

    private static int encodeDate(LocalDate d) {
        if (d.equals(LocalDate.MAX)) {
            return Integer.MAX_VALUE;
        }
        if (d.equals(LocalDate.MIN)) {
            return Integer.MIN_VALUE;
        }
        return Math.toIntExact(d.toEpochDay() - PG_EPOCH_DAYS);
    }

    private static LocalDate decodeDate(int days) {
        if (days == Integer.MAX_VALUE) {
            return LocalDate.MAX;
        }
        if (days == Integer.MIN_VALUE) {
            return LocalDate.MIN;
        }
        return LocalDate.ofEpochDay(days + PG_EPOCH_DAYS);
    }

    private static LocalTime decodeTime(long micros) {
        // 24:00:00 is a valid time in PostgreSQL; JDBC reads it as LocalTime.MAX too.
        return micros >= 86_400_000_000L ? LocalTime.MAX : LocalTime.ofNanoOfDay(micros * 1000);
    }

    private static long encodeTimestamp(LocalDateTime t) {
        if (t.equals(LocalDateTime.MAX)) {
            return Long.MAX_VALUE;
        }
        if (t.equals(LocalDateTime.MIN)) {
            return Long.MIN_VALUE;
        }
        return micros(t.toEpochSecond(ZoneOffset.UTC), t.getNano());
    }

    private static long encodeTimestamptz(Object v) {
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

    private static LocalDateTime decodeTimestamp(long micros) {
        if (micros == Long.MAX_VALUE) {
            return LocalDateTime.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return LocalDateTime.MIN;
        }
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L) + PG_EPOCH_SECONDS,
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    private static OffsetDateTime decodeTimestamptz(long micros) {
        if (micros == Long.MAX_VALUE) {
            return OffsetDateTime.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return OffsetDateTime.MIN;
        }
        return decodeTimestamp(micros).atOffset(ZoneOffset.UTC);
    }
}
