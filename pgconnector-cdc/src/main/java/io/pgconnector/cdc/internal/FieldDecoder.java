package io.pgconnector.cdc.internal;

import io.pgconnector.mapping.internal.CodecRegistry;
import io.pgconnector.mapping.internal.TypeCodec;
import io.pgconnector.mapping.internal.UserCodec;
import io.pgconnector.mapping.internal.TextCodec;
import io.pgconnector.types.Jsonb;
import io.pgconnector.types.Point;
import io.pgconnector.types.internal.ServerText;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.postgresql.PGStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns one Debezium field value into the natural Java value of its PostgreSQL type (the form a query result of the
 * client has), so that the shared row mapper can build the user's type from it. Debezium's semantic schema names
 * say how a value is encoded; the PostgreSQL type comes from {@code column.propagate.source.type}.
 */
final class FieldDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(FieldDecoder.class);

    /** Debezium's stand-in for a TOAST value the server did not send. */
    static final String UNAVAILABLE = "__debezium_unavailable_value";
    private static final byte[] UNAVAILABLE_BYTES = UNAVAILABLE.getBytes(StandardCharsets.UTF_8);
    private static final String SOURCE_TYPE = "__debezium.source.column.type";
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    /** Marks a value that was not sent (unchanged TOAST). */
    static final Object UNAVAILABLE_MARK = new Object();

    private FieldDecoder() {
    }

    /**
     * Returns the PostgreSQL type name of a field: the propagated source type, else a guess from the schema.
     */
    static String pgType(Field field) {
        Schema s = field.schema();
        Map<String, String> params = s.parameters();
        String t = params == null ? null : params.get(SOURCE_TYPE);
        if (t != null) {
            t = t.toLowerCase(Locale.ROOT);
            if (t.startsWith("\"") && t.endsWith("\"") && t.length() > 1) {
                t = t.substring(1, t.length() - 1);
            }
            return canonical(t);
        }
        return guess(s);
    }

    private static String canonical(String t) {
        switch (t) {
            case "serial": return "int4";
            case "bigserial": return "int8";
            case "smallserial": return "int2";
            default: return t;
        }
    }

    private static String guess(Schema s) {
        switch (s.type()) {
            case INT8:
            case INT16: return "int2";
            case INT32: return "date".equals(semantic(s)) ? "date" : "int4";
            case INT64: return "int8";
            case FLOAT32: return "float4";
            case FLOAT64: return "float8";
            case BOOLEAN: return "bool";
            case BYTES: return "bytea";
            case ARRAY: return "_" + guess(s.valueSchema());
            default: return "text";
        }
    }

    private static String semantic(Schema s) {
        String n = s.name();
        if (n == null) {
            return "";
        }
        switch (n) {
            case "io.debezium.time.Date":
            case "org.apache.kafka.connect.data.Date":
                return "date";
            default:
                return n;
        }
    }

    /**
     * Decodes a value; {@code natural} is {@code PgTypes.naturalType(pgType)}, looked up once per column by the
     * caller (looked up per value, it was a large share of the cost of a typed event). Returns
     * {@link #UNAVAILABLE_MARK} for an unchanged TOAST value. A value that cannot be decoded is logged (once per
     * column) and returned as null.
     */
    static Object decode(Object value, Schema schema, String pgType, Type natural, String columnForLog,
            CodecRegistry codecs) {
        if (value == null) {
            return null;
        }
        if (isUnavailable(value)) {
            return UNAVAILABLE_MARK;
        }
        try {
            return natural(value, schema, pgType, natural, codecs);
        } catch (RuntimeException e) {
            return undecodable(e, schema, pgType, columnForLog);
        }
    }

    private static Object undecodable(RuntimeException e, Schema schema, String pgType, String columnForLog) {
        if (WARNED.add(columnForLog + ":" + pgType)) {
            LOG.warn("Cannot decode {} of type {} (Debezium schema {}); the field is delivered as null: {}",
                    columnForLog, pgType, schema.name() != null ? schema.name() : schema.type(), e.toString());
        }
        return null;
    }

    /** The Debezium schema names that {@link #semanticValue} decodes. */
    private static final Set<String> SEMANTIC = Set.of("io.debezium.time.Date", "io.debezium.time.Time",
            "io.debezium.time.MicroTime", "io.debezium.time.NanoTime", "io.debezium.time.Timestamp",
            "io.debezium.time.MicroTimestamp", "io.debezium.time.NanoTimestamp", "io.debezium.time.ZonedTimestamp",
            "io.debezium.time.ZonedTime", "org.apache.kafka.connect.data.Date", "org.apache.kafka.connect.data.Time",
            "org.apache.kafka.connect.data.Timestamp", "io.debezium.data.VariableScaleDecimal",
            "io.debezium.data.geometry.Point", "io.debezium.data.Bits");

    /**
     * One column of a row schema with what decoding its values needs, worked out once per schema rather than per
     * value: most values (bigint, text, numeric with {@code decimal.handling.mode=precise}, ...) arrive already as
     * the column's natural class and are passed through without any lookup.
     */
    static final class Column {
        final Field field;
        private final Schema schema;
        private final String pgType;
        private final Type natural;
        private final String columnForLog;
        private final CodecRegistry codecs;
        // The class whose values are taken as they come: the natural class when neither a user codec, nor a
        // semantic schema name, nor bit decoding applies to the column; else null.
        private final Class<?> passThrough;
        // The codec of the natural class of such a column (jsonb: Jsonb), or null.
        private final TypeCodec naturalCodec;
        // A json or jsonb column read into Jsonb: the server printed the text, so it is valid JSON already.
        private final boolean serverJsonb;
        // The pass-through class can be neither a list, a buffer, nor the unavailable-value marker (Long,
        // BigDecimal, ...): an instance of it is returned without further checks.
        private final boolean plainClass;
        // The Debezium schema name of a date/time, decimal or point column read into its natural class, or null:
        // such values are decoded here without the general path's lookups.
        private final String semantic;
        // A timestamptz column read into OffsetDateTime: its values take utcTimestamp's fast path first.
        private final boolean utcTimestamps;
        // The date of the last value that utcTimestamp read in this column (values of a column mostly share their
        // day): reused instead of built and checked again. Only the column's one delivery thread touches it.
        private int lastYear;
        private int lastMonth;
        private int lastDay;
        private LocalDate lastDate;

        Column(Field field, String pgType, Type natural, String columnForLog, CodecRegistry codecs) {
            this.field = field;
            this.schema = field.schema();
            this.pgType = pgType;
            this.natural = natural;
            this.columnForLog = columnForLog;
            this.codecs = codecs;
            String name = schema.name();
            boolean plain = natural instanceof Class && codecs.forType(pgType) == null && !pgType.startsWith("bit")
                    && (name == null || !SEMANTIC.contains(name));
            this.passThrough = plain ? (Class<?>) natural : null;
            this.naturalCodec = plain ? codecs.forClass((Class<?>) natural) : null;
            this.serverJsonb = passThrough == Jsonb.class && (pgType.equals("jsonb") || pgType.equals("json"));
            this.plainClass = passThrough != null && passThrough != Object.class && passThrough != String.class
                    && passThrough != byte[].class && !List.class.isAssignableFrom(passThrough)
                    && !ByteBuffer.class.isAssignableFrom(passThrough) && !Map.class.isAssignableFrom(passThrough);
            this.semantic = natural instanceof Class && name != null && SEMANTIC.contains(name)
                    && !name.equals("io.debezium.data.Bits") && codecs.forType(pgType) == null
                    && !pgType.startsWith("bit") ? name : null;
            this.utcTimestamps = "io.debezium.time.ZonedTimestamp".equals(semantic) && natural == OffsetDateTime.class;
        }

        /** The date of a UTC timestamp's fields, the last one's when they match it. */
        LocalDate date(int year, int month, int day) {
            LocalDate d = lastDate;
            if (d == null || year != lastYear || month != lastMonth || day != lastDay) {
                d = LocalDate.of(year, month, day);
                lastDate = d;
                lastYear = year;
                lastMonth = month;
                lastDay = day;
            }
            return d;
        }

        /** Decodes a value of this column, as {@link FieldDecoder#decode} does. */
        Object decode(Object value) {
            if (plainClass && passThrough.isInstance(value)) {
                return value;
            }
            if (utcTimestamps && value instanceof String) {
                // Debezium's usual form of a timestamptz; anything else (infinity, the unavailable-value marker)
                // is not of that form and takes the paths below.
                OffsetDateTime t = utcTimestamp((String) value, this);
                if (t != null) {
                    return t;
                }
            }
            if (semantic != null && value != null && !(value instanceof List) && !isUnavailable(value)) {
                try {
                    Object v = semanticValue(value, schema, semantic, pgType);
                    if (((Class<?>) natural).isInstance(v)) {
                        return v; // what natural() returns for it: fit() keeps a value of the natural class
                    }
                } catch (RuntimeException e) {
                    // the general path below reports it
                }
            }
            if (passThrough != null && passThrough.isInstance(value) && !(value instanceof List)
                    && !(value instanceof ByteBuffer) && !isUnavailable(value)) {
                return value; // what natural() returns for it, without its lookups
            }
            if (passThrough != null && value instanceof String && !isUnavailable(value)) {
                // Text of another class (jsonb, uuid, ...): what fit() does, with the codec looked up once.
                if (serverJsonb) {
                    return ServerText.jsonb((String) value);
                }
                try {
                    Object direct = naturalCodec == null ? null : naturalCodec.fromValue(value);
                    return direct != null ? direct : TextCodec.parse((String) value, natural, pgType, codecs);
                } catch (RuntimeException e) {
                    return undecodable(e, schema, pgType, columnForLog);
                }
            }
            return FieldDecoder.decode(value, schema, pgType, natural, columnForLog, codecs);
        }
    }

    static boolean isUnavailable(Object v) {
        if (v instanceof String) {
            return UNAVAILABLE.equals(v);
        }
        if (v instanceof byte[]) {
            return Arrays.equals((byte[]) v, UNAVAILABLE_BYTES);
        }
        if (v instanceof ByteBuffer) {
            ByteBuffer b = ((ByteBuffer) v).duplicate();
            return b.remaining() == UNAVAILABLE_BYTES.length && b.equals(ByteBuffer.wrap(UNAVAILABLE_BYTES));
        }
        if (v instanceof List) {
            List<?> l = (List<?>) v;
            return l.size() == 1 && l.get(0) != null && isUnavailable(l.get(0));
        }
        return false;
    }

    private static Object natural(Object value, Schema schema, String pgType, Type natural, CodecRegistry codecs) {
        UserCodec user = codecs.forType(pgType);
        if (user != null && !(value instanceof List)) {
            // A user's codec (hstore, ltree, ...) takes the field as Debezium delivers it, without a text round trip.
            return user.fromChangeEvent(value instanceof ByteBuffer ? bytes(value) : value);
        }
        if (value instanceof Boolean && pgType.startsWith("bit")) {
            // bit(1) arrives as a plain BOOLEAN.
            return fit((Boolean) value ? "1" : "0", natural, pgType, codecs);
        }
        String name = schema.name();
        if (name != null) {
            Object v = semanticValue(value, schema, name, pgType);
            if (v != null) {
                return fit(v, natural, pgType, codecs);
            }
        }
        if (value instanceof List) {
            String element = pgType.startsWith("_") ? pgType.substring(1)
                    : pgType.endsWith("[]") ? pgType.substring(0, pgType.length() - 2) : "text";
            Schema elementSchema = schema.valueSchema();
            List<Object> out = new ArrayList<>(((List<?>) value).size());
            for (Object item : (List<?>) value) {
                out.add(item == null ? null : natural(item, elementSchema, element, codecs.naturalType(element),
                        codecs));
            }
            return out;
        }
        if (value instanceof ByteBuffer) {
            ByteBuffer b = ((ByteBuffer) value).duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            value = bytes;
        }
        if (value instanceof Map) {
            return value; // hstore in map mode: Map<String, String>
        }
        return fit(value, natural, pgType, codecs);
    }

    /** Values whose Debezium encoding is named by the schema; null when the name says nothing special. */
    private static Object semanticValue(Object value, Schema schema, String name, String pgType) {
        switch (name) {
            case "io.debezium.time.Date":
                return date(((Number) value).longValue());
            case "io.debezium.time.Time":
                return LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000_000L);
            case "io.debezium.time.MicroTime":
                return LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000L);
            case "io.debezium.time.NanoTime":
                return LocalTime.ofNanoOfDay(((Number) value).longValue());
            case "io.debezium.time.Timestamp":
                return timestamp(((Number) value).longValue(), 1_000_000L);
            case "io.debezium.time.MicroTimestamp":
                return timestamp(((Number) value).longValue(), 1_000L);
            case "io.debezium.time.NanoTimestamp":
                return timestamp(((Number) value).longValue(), 1L);
            case "io.debezium.time.ZonedTimestamp":
                return zonedTimestamp((String) value);
            case "io.debezium.time.ZonedTime":
                return OffsetTime.parse((String) value);
            case "org.apache.kafka.connect.data.Date":
                return ((java.util.Date) value).toInstant().atOffset(ZoneOffset.UTC).toLocalDate();
            case "org.apache.kafka.connect.data.Time":
                return ((java.util.Date) value).toInstant().atOffset(ZoneOffset.UTC).toLocalTime();
            case "org.apache.kafka.connect.data.Timestamp":
                return LocalDateTime.ofInstant(((java.util.Date) value).toInstant(), ZoneOffset.UTC);
            case "io.debezium.data.VariableScaleDecimal": {
                Struct s = (Struct) value;
                byte[] unscaled = bytes(s.get("value"));
                return new BigDecimal(new BigInteger(unscaled), s.getInt32("scale"));
            }
            case "io.debezium.data.geometry.Point": {
                Struct s = (Struct) value;
                return new Point(s.getFloat64("x"), s.getFloat64("y"));
            }
            case "io.debezium.data.Bits": {
                if (value instanceof Boolean) {
                    return (Boolean) value ? "1" : "0";
                }
                byte[] b = bytes(value);
                BitSet bits = BitSet.valueOf(b);
                String length = schema.parameters() == null ? null : schema.parameters().get("length");
                long declared = length != null ? Long.parseLong(length) : -1;
                // bit(n) has its length (all zeros arrive as no bytes at all); a varbit's length is not sent, so
                // its leading zeros cannot be rebuilt.
                boolean fixed = pgType.equals("bit") || pgType.startsWith("bit(");
                int n = fixed && declared > 0 ? (int) declared : Math.max(1, bits.length());
                StringBuilder sb = new StringBuilder(n);
                for (int i = n - 1; i >= 0; i--) {
                    sb.append(bits.get(i) ? '1' : '0');
                }
                return sb.toString();
            }
            default:
                if (value instanceof Boolean && pgType.startsWith("bit")) {
                    return (Boolean) value ? "1" : "0";
                }
                return null;
        }
    }

    private static OffsetDateTime zonedTimestamp(String s) {
        if ("infinity".equals(s)) {
            return OffsetDateTime.MAX;
        }
        if ("-infinity".equals(s)) {
            return OffsetDateTime.MIN;
        }
        OffsetDateTime utc = utcTimestamp(s);
        return utc != null ? utc : OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC);
    }

    /**
     * Reads the form Debezium writes every {@code timestamptz} in, {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, without
     * {@code DateTimeFormatter} (whose general parsing was the largest cost of a typed event in the CDC benchmark);
     * returns null for any other form, which the caller parses the general way.
     */
    static OffsetDateTime utcTimestamp(String s) {
        return utcTimestamp(s, null);
    }

    /** {@link #utcTimestamp(String)}, reusing the column's last date when it has the same one. */
    private static OffsetDateTime utcTimestamp(String s, Column column) {
        int n = s.length();
        if (n < 20 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int digits = n - 21;
            if (s.charAt(19) != '.' || digits < 1 || digits > 9) {
                return null;
            }
            int f = digits(s, 20, n - 1);
            if (f < 0) {
                return null;
            }
            for (int i = digits; i < 9; i++) {
                f *= 10;
            }
            nanos = f;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            return column == null ? OffsetDateTime.of(year, month, day, hour, minute, second, nanos, ZoneOffset.UTC)
                    : OffsetDateTime.of(column.date(year, month, day), LocalTime.of(hour, minute, second, nanos),
                            ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in {@code s[from, to)}, or -1 if a character is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /**
     * Debezium encodes {@code infinity}/{@code -infinity} dates as these day numbers (pgjdbc's infinity constants
     * after overflowing conversions: one pair for a column, another for array elements), far outside PostgreSQL's
     * date range, so no real date is taken for infinity.
     */
    private static final long DATE_INFINITY = -2147472692L;
    private static final long DATE_MINUS_INFINITY = -2147472691L;
    private static final long DATE_INFINITY_IN_ARRAY = -622191234L;
    private static final long DATE_MINUS_INFINITY_IN_ARRAY = -625821272L;

    private static LocalDate date(long epochDay) {
        if (epochDay == DATE_INFINITY || epochDay == DATE_INFINITY_IN_ARRAY) {
            return LocalDate.MAX;
        }
        if (epochDay == DATE_MINUS_INFINITY || epochDay == DATE_MINUS_INFINITY_IN_ARRAY) {
            return LocalDate.MIN;
        }
        return LocalDate.ofEpochDay(epochDay);
    }

    /** Debezium sends infinite timestamps as pgjdbc's infinity constants, whatever the unit. */
    private static LocalDateTime timestamp(long units, long nanosPerUnit) {
        if (units == PGStatement.DATE_POSITIVE_INFINITY) {
            return LocalDateTime.MAX;
        }
        if (units == PGStatement.DATE_NEGATIVE_INFINITY) {
            return LocalDateTime.MIN;
        }
        return epoch(units, nanosPerUnit);
    }

    private static LocalDateTime epoch(long units, long nanosPerUnit) {
        long perSecond = 1_000_000_000L / nanosPerUnit;
        long seconds = Math.floorDiv(units, perSecond);
        long nanos = Math.floorMod(units, perSecond) * nanosPerUnit;
        return LocalDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), ZoneOffset.UTC);
    }

    private static byte[] bytes(Object v) {
        if (v instanceof byte[]) {
            return (byte[]) v;
        }
        ByteBuffer b = ((ByteBuffer) v).duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** Brings a decoded value to the natural type of its column, through the text form when needed. */
    private static Object fit(Object v, Type natural, String pgType, CodecRegistry codecs) {
        if (natural instanceof Class && ((Class<?>) natural).isInstance(v)) {
            return v;
        }
        if (natural == Short.class && v instanceof Number) {
            return ((Number) v).shortValue();
        }
        if (natural == Integer.class && v instanceof Number && !(v instanceof BigDecimal)) {
            return Math.toIntExact(((Number) v).longValue());
        }
        if (natural == Long.class && v instanceof Number && !(v instanceof BigDecimal)) {
            return ((Number) v).longValue();
        }
        TypeCodec codec = natural instanceof Class ? codecs.forClass((Class<?>) natural) : null;
        Object direct = codec == null ? null : codec.fromValue(v);
        if (direct != null) {
            // The codec converts it directly (a money BigDecimal into Money): no text round trip.
            return direct;
        }
        String text;
        if (v instanceof String) {
            text = (String) v;
        } else if (v instanceof BigDecimal) {
            text = ((BigDecimal) v).toPlainString();
        } else if (v instanceof Number) {
            text = v.toString();
        } else {
            text = TextCodec.format(v, codecs);
        }
        return TextCodec.parse(text, natural, pgType, codecs);
    }
}
