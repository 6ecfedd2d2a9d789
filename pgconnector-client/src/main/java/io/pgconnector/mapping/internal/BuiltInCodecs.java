package io.pgconnector.mapping.internal;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.types.BitString;
import io.pgconnector.types.Box;
import io.pgconnector.types.Cidr;
import io.pgconnector.types.Circle;
import io.pgconnector.types.Inet;
import io.pgconnector.types.Interval;
import io.pgconnector.types.Json;
import io.pgconnector.types.JsonPath;
import io.pgconnector.types.Jsonb;
import io.pgconnector.types.Line;
import io.pgconnector.types.LineSegment;
import io.pgconnector.types.MacAddr;
import io.pgconnector.types.MacAddr8;
import io.pgconnector.types.Money;
import io.pgconnector.types.ObjectIdentifier;
import io.pgconnector.types.ObjectIdentifierKind;
import io.pgconnector.types.Oid;
import io.pgconnector.types.PgLsn;
import io.pgconnector.types.PgPath;
import io.pgconnector.types.internal.PgTime;
import io.pgconnector.types.Point;
import io.pgconnector.types.Polygon;
import io.pgconnector.types.TsQuery;
import io.pgconnector.types.TsVector;
import io.pgconnector.types.Xml;
import org.postgresql.util.ByteConverter;
import org.postgresql.util.PGobject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The codecs of the built-in Java types, one entry per type: adding a type is one {@code define(...)} line (and, for
 * a value type of {@code io.pgconnector.types}, one {@code valueType(...)} line). Arrays, ranges, composites
 * ({@code @PgType} records), enums and Jackson trees are structures over these codecs and stay in
 * {@link TextCodec} and {@link ParameterBinder}.
 */
public final class BuiltInCodecs {
    private static final Map<Class<?>, TypeCodec> BY_CLASS = new HashMap<>();
    /** The binary forms (binary COPY), by PostgreSQL type name. */
    private static final Map<String, BinaryCodec> BINARY = new HashMap<>();
    /** The value types of {@code io.pgconnector.types} and their PostgreSQL type names, in table order. */
    private static final Map<Class<?>, String> VALUE_TYPES = new java.util.LinkedHashMap<>();
    private static final Set<String> INTEGERS = Set.of("int2", "int4", "int8", "oid");
    /** Number column types whose driver getters read them (money has a currency format: text). */
    private static final Set<String> NUMBERS = Set.of("int2", "int4", "int8", "oid", "numeric", "float4", "float8");
    /** pgjdbc sends years up to 4713 BC as -infinity: those go as our own text. */
    private static final int EARLIEST_YEAR_THE_DRIVER_SENDS_RIGHT = -4711;

    static {
        define(String.class, "text").bind((ps, i, v) -> ps.setString(i, Surrogates.checked((String) v)))
                .parse((t, pg) -> t).reader(pg -> ResultSet::getString)
                .binary((v, out) -> out.writeUtf8((String) v), (b, o, n) -> new String(b, o, n, StandardCharsets.UTF_8),
                        Set.of(String.class), "text", "varchar", "bpchar", "name");
        define(Long.class, "int8").bind((ps, i, v) -> ps.setLong(i, (Long) v))
                .parse((t, pg) -> Long.parseLong(t.trim())).reader(pg -> INTEGERS.contains(pg) ? (rs, i) -> {
                    long v = rs.getLong(i);
                    return v == 0 && rs.wasNull() ? null : v;
                } : null).binary((v, out) -> out.writeLong((Long) v), (b, o, n) -> ByteConverter.int8(b, o));
        define(Integer.class, "int4").bind((ps, i, v) -> ps.setInt(i, (Integer) v))
                .parse((t, pg) -> Integer.parseInt(t.trim())).reader(BuiltInCodecs::intReader)
                .binary((v, out) -> out.writeInt((Integer) v), (b, o, n) -> ByteConverter.int4(b, o));
        define(Short.class, "int2").bind((ps, i, v) -> ps.setShort(i, (Short) v))
                .parse((t, pg) -> Short.parseShort(t.trim()))
                .binary((v, out) -> out.writeShort((Short) v), (b, o, n) -> ByteConverter.int2(b, o));
        define(Byte.class, null).bind((ps, i, v) -> ps.setShort(i, (Byte) v));
        define(BigDecimal.class, "numeric").bind((ps, i, v) -> ps.setBigDecimal(i, (BigDecimal) v))
                .parse(BuiltInCodecs::parseBigDecimal).reader(BuiltInCodecs::bigDecimalReader)
                .binary(BinaryCodecs::encodeNumeric, BinaryCodecs::decodeNumeric, Set.of(BigDecimal.class,
                        Long.class, Integer.class, Short.class, BigInteger.class, Double.class, Float.class),
                        "numeric");
        define(BigInteger.class, "numeric").bind((ps, i, v) -> ps.setBigDecimal(i, new BigDecimal((BigInteger) v)))
                .parse((t, pg) -> new BigInteger(t.trim()));
        define(Double.class, "float8").bind((ps, i, v) -> ps.setDouble(i, (Double) v))
                .parse((t, pg) -> "money".equals(pg) ? Money.parse(t).amount().doubleValue() : Double.parseDouble(t))
                .reader(pg -> NUMBERS.contains(pg) ? (rs, i) -> {
                    double v = rs.getDouble(i);
                    return v == 0 && rs.wasNull() ? null : v;
                } : null).binary((v, out) -> out.writeLong(Double.doubleToRawLongBits((Double) v)),
                        (b, o, n) -> ByteConverter.float8(b, o));
        define(Float.class, "float4").bind((ps, i, v) -> ps.setFloat(i, (Float) v))
                .parse((t, pg) -> Float.parseFloat(t))
                .binary((v, out) -> out.writeInt(Float.floatToRawIntBits((Float) v)),
                        (b, o, n) -> ByteConverter.float4(b, o));
        define(Boolean.class, "bool").bind((ps, i, v) -> ps.setBoolean(i, (Boolean) v))
                .parse((t, pg) -> parseBoolean(t)).format(v -> (Boolean) v ? "t" : "f")
                .reader(pg -> pg.equals("bool") ? (rs, i) -> {
                    boolean v = rs.getBoolean(i);
                    return !v && rs.wasNull() ? null : v;
                } : null).alsoReads("bit", "varbit")
                .binary((v, out) -> out.writeByte((Boolean) v ? 1 : 0), (b, o, n) -> b[o] != 0);
        define(Character.class, "text").bind((ps, i, v) -> ps.setString(i, Surrogates.checked(v.toString())))
                .parse((t, pg) -> parseChar(t)).alsoReads("bpchar", "char");
        define(byte[].class, "bytea").bind((ps, i, v) -> ps.setBytes(i, (byte[]) v))
                .parse((t, pg) -> TextCodec.parseBytea(t)).format(v -> "\\x" + HexFormat.of().formatHex((byte[]) v))
                .reader(pg -> pg.equals("bytea") ? ResultSet::getBytes : null)
                .binary((v, out) -> out.write((byte[]) v), (b, o, n) -> Arrays.copyOfRange(b, o, o + n));
        define(UUID.class, "uuid").bind(PreparedStatement::setObject).parse((t, pg) -> UUID.fromString(t.trim()))
                .reader(pg -> pg.equals("uuid") ? (rs, i) -> rs.getObject(i, UUID.class) : null)
                .binary((v, out) -> {
                    out.writeLong(((UUID) v).getMostSignificantBits());
                    out.writeLong(((UUID) v).getLeastSignificantBits());
                }, (b, o, n) -> new UUID(ByteConverter.int8(b, o), ByteConverter.int8(b, o + 8)));
        define(LocalDate.class, "date").bind((ps, i, v) -> bindDateTime(ps, i, v, ((LocalDate) v).getYear(), "date"))
                .parse((t, pg) -> PgTime.parseDate(t)).format(v -> PgTime.formatDate((LocalDate) v))
                .reader(pg -> pg.equals("date") ? (rs, i) -> readBinaryOr(rs, i, LocalDate.class) : null)
                .binary((v, out) -> out.writeInt(BinaryCodecs.encodeDate((LocalDate) v)),
                        (b, o, n) -> BinaryCodecs.decodeDate(ByteConverter.int4(b, o)));
        define(LocalDateTime.class, "timestamp")
                .bind((ps, i, v) -> bindDateTime(ps, i, v, ((LocalDateTime) v).getYear(), "timestamp"))
                .parse((t, pg) -> PgTime.parseTimestamp(t)).format(v -> PgTime.formatTimestamp((LocalDateTime) v))
                .reader(pg -> pg.equals("timestamp") ? (rs, i) -> readBinaryOr(rs, i, LocalDateTime.class) : null)
                .binary((v, out) -> out.writeLong(BinaryCodecs.encodeTimestamp((LocalDateTime) v)),
                        (b, o, n) -> BinaryCodecs.decodeTimestamp(ByteConverter.int8(b, o)));
        define(OffsetDateTime.class, "timestamptz")
                .bind((ps, i, v) -> bindDateTime(ps, i, v, ((OffsetDateTime) v).getYear(), "timestamptz"))
                .parse((t, pg) -> utc(PgTime.parseTimestampTz(t)))
                .format(v -> PgTime.formatTimestampTz((OffsetDateTime) v))
                .reader(pg -> pg.equals("timestamptz") ? (rs, i) -> readBinaryOr(rs, i, OffsetDateTime.class) : null)
                .binary((v, out) -> out.writeLong(BinaryCodecs.encodeTimestamptz(v)),
                        (b, o, n) -> BinaryCodecs.decodeTimestamptz(ByteConverter.int8(b, o)),
                        Set.of(OffsetDateTime.class, Instant.class, ZonedDateTime.class), "timestamptz");
        define(Instant.class, "timestamptz").bind((ps, i, v) -> {
            OffsetDateTime t = toOffsetDateTime((Instant) v);
            bindDateTime(ps, i, t, t.getYear(), "timestamptz");
        }).parse((t, pg) -> toInstant(PgTime.parseTimestampTz(t))).format(v -> {
            Instant i = (Instant) v;
            return i.equals(Instant.MAX) ? "infinity" : i.equals(Instant.MIN) ? "-infinity"
                    : PgTime.formatTimestampTz(i.atOffset(ZoneOffset.UTC));
        }).reader(pg -> pg.equals("timestamptz") ? (rs, i) -> {
            OffsetDateTime t = readBinaryOr(rs, i, OffsetDateTime.class);
            return t == null ? null : toInstant(t);
        } : null).alsoReads("timestamptz")
                .fromValue(v -> v instanceof OffsetDateTime ? ((OffsetDateTime) v).toInstant() : null);
        define(ZonedDateTime.class, "timestamptz").bind((ps, i, v) -> {
            OffsetDateTime t = ((ZonedDateTime) v).toOffsetDateTime();
            bindDateTime(ps, i, t, t.getYear(), "timestamptz");
        }).parse((t, pg) -> utc(PgTime.parseTimestampTz(t)).toZonedDateTime())
                .format(v -> PgTime.formatTimestampTz(((ZonedDateTime) v).toOffsetDateTime())).alsoReads("timestamptz")
                .fromValue(v -> v instanceof OffsetDateTime ? ((OffsetDateTime) v).toZonedDateTime() : null);
        define(LocalTime.class, "time").bind(PreparedStatement::setObject).parse((t, pg) -> PgTime.parseTime(t))
                .format(v -> PgTime.formatTime((LocalTime) v))
                .reader(pg -> pg.equals("time") ? (rs, i) -> readBinaryOr(rs, i, LocalTime.class) : null)
                .binary(BinaryForms::encodeTime,
                        (b, o, n) -> BinaryCodecs.decodeTime(ByteConverter.int8(b, o)));
        define(OffsetTime.class, "timetz").bind(PreparedStatement::setObject).parse((t, pg) -> PgTime.parseTimeTz(t))
                .format(v -> PgTime.formatTimeTz((OffsetTime) v))
                .reader(pg -> pg.equals("timetz") ? (rs, i) -> rs.getObject(i, OffsetTime.class) : null)
                .binary(BinaryForms::encodeTimeTz, BinaryForms::decodeTimeTz);
        define(Duration.class, "interval").format(v -> Interval.of((Duration) v).toString())
                .parse((t, pg) -> Interval.parse(t).toDuration()).alsoReads("interval");
        define(Period.class, "interval").format(v -> Interval.of((Period) v).toString())
                .parse((t, pg) -> Interval.parse(t).toPeriod()).alsoReads("interval");
        define(ObjectIdentifier.class, null).typeOf(v -> ((ObjectIdentifier) v).kind().typeName())
                .parse(BuiltInCodecs::parseObjectIdentifier).alsoReads(pg -> pg.startsWith("reg"));
        valueType(Money.class, Money::parse, "money").format(v -> ((Money) v).amount().toPlainString())
                .fromValue(v -> v instanceof BigDecimal ? Money.of((BigDecimal) v) : null);

        valueType(Interval.class, Interval::parse, "interval")
                .binary(BinaryForms::encodeInterval, BinaryForms::decodeInterval);
        valueType(Point.class, Point::parse, "point")
                .binary(BinaryForms::encodePoint, BinaryForms::decodePoint);
        valueType(Line.class, Line::parse, "line")
                .binary(BinaryForms::encodeLine, BinaryForms::decodeLine);
        valueType(LineSegment.class, LineSegment::parse, "lseg")
                .binary(BinaryForms::encodeLineSegment, BinaryForms::decodeLineSegment);
        valueType(Box.class, Box::parse, "box").delimiter(';')
                .binary(BinaryForms::encodeBox, BinaryForms::decodeBox);
        valueType(PgPath.class, PgPath::parse, "path")
                .binary(BinaryForms::encodePath, BinaryForms::decodePath);
        valueType(Polygon.class, Polygon::parse, "polygon")
                .binary(BinaryForms::encodePolygon, BinaryForms::decodePolygon);
        valueType(Circle.class, Circle::parse, "circle")
                .binary(BinaryForms::encodeCircle, BinaryForms::decodeCircle);
        valueType(Inet.class, Inet::parse, "inet")
                .binary(BinaryForms::encodeInet, BinaryForms::decodeInet);
        valueType(Cidr.class, Cidr::parse, "cidr")
                .binary(BinaryForms::encodeCidr, BinaryForms::decodeCidr);
        valueType(MacAddr.class, MacAddr::parse, "macaddr")
                .binary(BinaryForms::encodeMacAddr, BinaryForms::decodeMacAddr);
        valueType(MacAddr8.class, MacAddr8::parse, "macaddr8")
                .binary(BinaryForms::encodeMacAddr8, BinaryForms::decodeMacAddr8);
        valueType(Json.class, Json::parse, "json").alsoReads("json", "jsonb")
                .binary((v, out) -> out.writeUtf8(v.toString()),
                        (b, o, n) -> Json.of(new String(b, o, n, StandardCharsets.UTF_8)));
        valueType(Jsonb.class, Jsonb::parse, "jsonb").alsoReads("json", "jsonb").binary((v, out) -> {
            out.writeByte(1);
            out.writeUtf8(((Jsonb) v).text());
        }, (b, o, n) -> Jsonb.of(new String(b, o + 1, n - 1, StandardCharsets.UTF_8)));
        valueType(JsonPath.class, JsonPath::parse, "jsonpath")
                .binary(BinaryForms::encodeJsonPath, BinaryForms::decodeJsonPath);
        valueType(TsVector.class, TsVector::parse, "tsvector");
        valueType(TsQuery.class, TsQuery::parse, "tsquery");
        valueType(BitString.class, BitString::parse, "varbit")
                .binary(BinaryForms::encodeBits, BinaryForms::decodeBits, Set.of(BitString.class), "bit", "varbit");
        valueType(PgLsn.class, PgLsn::parse, "pg_lsn")
                .binary(BinaryForms::encodeLsn, BinaryForms::decodeLsn);
        valueType(Oid.class, Oid::parse, "oid")
                .binary(BinaryForms::encodeOid, BinaryForms::decodeOid);
        valueType(Xml.class, Xml::parse, "xml");
    }

    private BuiltInCodecs() {
    }

    /**
     * Returns the built-in codec of a class (exactly that class; primitives by their wrapper), or null.
     *
     * @param c the class
     * @return the codec or null
     */
    public static TypeCodec forClass(Class<?> c) {
        return BY_CLASS.get(c.isPrimitive() ? Conversions.boxedTarget(c) : c);
    }

    /**
     * Tells whether a class is one of the value types of {@code io.pgconnector.types} (sent with its own type name).
     *
     * @param c the class
     * @return true for value types
     */
    static boolean isValueType(Class<?> c) {
        TypeCodec codec = BY_CLASS.get(c);
        return codec instanceof BuiltInCodec && ((BuiltInCodec) codec).valueType;
    }

    /**
     * Returns the value types of {@code io.pgconnector.types} (money included) and the type each is sent as.
     *
     * @return class to PostgreSQL type name, in table order
     */
    static Map<Class<?>, String> valueTypes() {
        return VALUE_TYPES;
    }

    /**
     * Returns the binary form of a PostgreSQL type, or null when it travels as text.
     *
     * @param pgType the type name
     * @return the binary codec or null
     */
    static BinaryCodec binary(String pgType) {
        return BINARY.get(pgType);
    }

    /** Declares the binary form of a type (called while the table is built). */
    static void binary(String pgType, BinaryCodec codec) {
        BINARY.put(pgType, codec);
    }

    private static BuiltInCodec define(Class<?> c, String pgType) {
        BuiltInCodec d = new BuiltInCodec(c, pgType);
        BY_CLASS.put(c, d);
        return d;
    }

    private static <T> BuiltInCodec valueType(Class<T> c, Function<String, T> parser, String pgType) {
        BuiltInCodec d = define(c, pgType).parse((t, pg) -> parser.apply(t));
        d.valueType = true;
        VALUE_TYPES.put(c, pgType);
        return d;
    }

    private static ColumnReader intReader(String pg) {
        if (pg.equals("int4") || pg.equals("int2")) {
            return (rs, i) -> {
                int v = rs.getInt(i);
                return v == 0 && rs.wasNull() ? null : v;
            };
        }
        if (pg.equals("int8")) {
            return (rs, i) -> {
                long v = rs.getLong(i);
                if (v == 0 && rs.wasNull()) {
                    return null;
                }
                if (v != (int) v) {
                    throw new ConversionException("The int8 value " + v + " of column " + rs.getMetaData()
                            .getColumnLabel(i) + " does not fit in an int; read it as a long");
                }
                return (int) v;
            };
        }
        return null;
    }

    private static ColumnReader bigDecimalReader(String pg) {
        if (!NUMBERS.contains(pg)) {
            return null;
        }
        return (rs, i) -> {
            try {
                return rs.getBigDecimal(i);
            } catch (SQLException e) {
                // NaN and the infinities have no BigDecimal form: say so plainly.
                String text = rs.getString(i);
                return parseBigDecimal(text, pg);
            }
        };
    }

    private static BigDecimal parseBigDecimal(String text, String pgType) {
        if ("money".equals(pgType)) {
            return Money.parse(text).amount();
        }
        String t = text.trim();
        if (t.equalsIgnoreCase("NaN") || t.equalsIgnoreCase("Infinity") || t.equalsIgnoreCase("-Infinity")) {
            throw new ConversionException("The numeric value " + t + " has no BigDecimal form; read the column as "
                    + "Double or String to receive NaN and infinities");
        }
        return new BigDecimal(t);
    }

    private static Boolean parseBoolean(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "t": case "true": case "1": case "yes": case "y": case "on":
                return Boolean.TRUE;
            case "f": case "false": case "0": case "no": case "n": case "off":
                return Boolean.FALSE;
            default:
                throw ConversionException.invalidText("boolean", text, null);
        }
    }

    private static Character parseChar(String text) {
        if (text.length() != 1) {
            throw ConversionException.invalidText("char", text, "expected exactly one character");
        }
        return text.charAt(0);
    }

    private static ObjectIdentifier parseObjectIdentifier(String text, String pgType) {
        if (pgType == null) {
            throw new ConversionException("Cannot read '" + TextCodec.shorten(text) + "' into ObjectIdentifier: the "
                    + "reg* type is not known here (composite attribute); read it as String");
        }
        return ObjectIdentifier.parse(ObjectIdentifierKind.fromTypeName(pgType), text);
    }

    /**
     * pgjdbc sends dates from 4714-11-24 BC to 4713-01-01 BC (the first days PostgreSQL holds) as -infinity, so
     * those years go in our own text form, which the server reads right.
     */
    private static void bindDateTime(PreparedStatement ps, int index, Object value, int isoYear, String type)
            throws SQLException {
        if (isoYear > EARLIEST_YEAR_THE_DRIVER_SENDS_RIGHT) {
            ps.setObject(index, value);
        } else {
            ps.setObject(index, pgObject(type, forClass(value.getClass()).format(value)));
        }
    }

    /**
     * Reads a date, time, timestamp or timestamptz column into its natural class ({@code LocalDate},
     * {@code LocalTime}, {@code LocalDateTime}, {@code OffsetDateTime} in UTC, as pgjdbc returns them): a binary value
     * is decoded here from its bytes, since pgjdbc builds a {@code TimestampUtils} and a {@code GregorianCalendar} for
     * every result set it reads one from (#24); a text value (before the statement is prepared on the server) through
     * the driver.
     */
    private static <T> T readBinaryOr(ResultSet rs, int i, Class<T> type) throws SQLException {
        if (ResultShape.isBinary(rs, i)) {
            byte[] b = rs.getBytes(i);
            if (b == null) {
                return null;
            }
            long n = b.length == 8 ? ByteConverter.int8(b, 0) : b.length == 4 ? ByteConverter.int4(b, 0) : 0;
            Object v = type == OffsetDateTime.class && b.length == 8 ? BinaryCodecs.decodeTimestamptz(n)
                    : type == LocalDateTime.class && b.length == 8 ? BinaryCodecs.decodeTimestamp(n)
                    : type == LocalTime.class && b.length == 8 ? BinaryCodecs.decodeTime(n)
                    : type == LocalDate.class && b.length == 4 ? BinaryCodecs.decodeDate((int) n) : null;
            if (v != null) {
                return type.cast(v);
            }
        }
        return rs.getObject(i, type);
    }

    /**
     * Moves a timestamptz to UTC, as the driver delivers it, so that a value reads the same from a column, an array
     * element, a range bound or a composite attribute whatever the session's TimeZone. The infinities stay as they are.
     */
    private static OffsetDateTime utc(OffsetDateTime t) {
        return PgTime.isInfinite(t) ? t : t.withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static Instant toInstant(OffsetDateTime t) {
        if (t.equals(OffsetDateTime.MAX)) {
            return Instant.MAX;
        }
        if (t.equals(OffsetDateTime.MIN)) {
            return Instant.MIN;
        }
        return t.toInstant();
    }

    private static OffsetDateTime toOffsetDateTime(Instant instant) {
        if (instant.equals(Instant.MAX)) {
            return OffsetDateTime.MAX;
        }
        if (instant.equals(Instant.MIN)) {
            return OffsetDateTime.MIN;
        }
        return instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * A typed text parameter.
     *
     * @param type the PostgreSQL type name
     * @param text the text form
     * @return the driver object
     * @throws SQLException never in practice
     */
    static PGobject pgObject(String type, String text) throws SQLException {
        PGobject o = new PGobject();
        o.setType(type);
        o.setValue(Surrogates.checked(text));
        return o;
    }
}
