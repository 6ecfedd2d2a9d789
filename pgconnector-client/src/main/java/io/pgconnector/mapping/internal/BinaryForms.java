package io.pgconnector.mapping.internal;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.types.BitString;
import io.pgconnector.types.Box;
import io.pgconnector.types.Cidr;
import io.pgconnector.types.Circle;
import io.pgconnector.types.Inet;
import io.pgconnector.types.Interval;
import io.pgconnector.types.JsonPath;
import io.pgconnector.types.Line;
import io.pgconnector.types.LineSegment;
import io.pgconnector.types.MacAddr;
import io.pgconnector.types.MacAddr8;
import io.pgconnector.types.Oid;
import io.pgconnector.types.PgLsn;
import io.pgconnector.types.PgPath;
import io.pgconnector.types.Point;
import io.pgconnector.types.Polygon;
import org.postgresql.util.ByteConverter;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary forms ({@code typsend}/{@code typreceive}) of the value types that have a fixed, locale-free one:
 * interval, timetz, the geometric types, inet/cidr, macaddr/macaddr8, pg_lsn, oid, bit/varbit and jsonpath. Each is
 * declared with its type's codec in {@link BuiltInCodecs}. A value the Java type cannot hold (an infinite interval)
 * is refused here, as its text form is refused, rather than read as another value.
 */
final class BinaryForms {
    /** PostgreSQL's address families in inet's binary form (PGSQL_AF_INET, PGSQL_AF_INET6). */
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 3;

    private BinaryForms() {
    }

    static void encodeTime(Object v, BinaryBuffer out) {
        out.writeLong(timeMicros((LocalTime) v));
    }

    /** Rounded to microseconds as the server rounds text input; {@code LocalTime.MAX} is 24:00:00. */
    private static long timeMicros(LocalTime t) {
        return (t.toNanoOfDay() + 500) / 1000;
    }

    static void encodeTimeTz(Object v, BinaryBuffer out) {
        OffsetTime t = (OffsetTime) v;
        out.writeLong(timeMicros(t.toLocalTime()));
        // The server counts the zone in seconds west of UTC.
        out.writeInt(-t.getOffset().getTotalSeconds());
    }

    static Object decodeTimeTz(byte[] b, int o, int n) {
        return OffsetTime.of(BinaryCodecs.decodeTime(ByteConverter.int8(b, o)),
                ZoneOffset.ofTotalSeconds(-ByteConverter.int4(b, o + 8)));
    }

    static void encodeInterval(Object v, BinaryBuffer out) {
        Interval i = (Interval) v;
        if (isInfinite(i.totalMonths(), i.days(), i.microseconds())) {
            throw new ConversionException("The interval " + i + " has the binary form of an infinite interval");
        }
        out.writeLong(i.microseconds());
        out.writeInt(i.days());
        out.writeInt(i.totalMonths());
    }

    static Object decodeInterval(byte[] b, int o, int n) {
        long micros = ByteConverter.int8(b, o);
        int days = ByteConverter.int4(b, o + 8);
        int months = ByteConverter.int4(b, o + 12);
        if (isInfinite(months, days, micros)) {
            throw new ConversionException("An infinite interval has no Interval form; read it as a String");
        }
        return new Interval(months, days, micros);
    }

    /** PostgreSQL 17's infinite intervals: every field at its maximum, or every field at its minimum. */
    private static boolean isInfinite(int months, int days, long micros) {
        return months == Integer.MAX_VALUE && days == Integer.MAX_VALUE && micros == Long.MAX_VALUE
                || months == Integer.MIN_VALUE && days == Integer.MIN_VALUE && micros == Long.MIN_VALUE;
    }

    private static void writePoint(Point p, BinaryBuffer out) {
        out.writeLong(Double.doubleToRawLongBits(p.x()));
        out.writeLong(Double.doubleToRawLongBits(p.y()));
    }

    private static Point readPoint(byte[] b, int o) {
        return new Point(ByteConverter.float8(b, o), ByteConverter.float8(b, o + 8));
    }

    static void encodePoint(Object v, BinaryBuffer out) {
        writePoint((Point) v, out);
    }

    static Object decodePoint(byte[] b, int o, int n) {
        return readPoint(b, o);
    }

    static void encodeLineSegment(Object v, BinaryBuffer out) {
        writePoint(((LineSegment) v).start(), out);
        writePoint(((LineSegment) v).end(), out);
    }

    static Object decodeLineSegment(byte[] b, int o, int n) {
        return new LineSegment(readPoint(b, o), readPoint(b, o + 16));
    }

    static void encodeBox(Object v, BinaryBuffer out) {
        writePoint(((Box) v).upperRight(), out);
        writePoint(((Box) v).lowerLeft(), out);
    }

    static Object decodeBox(byte[] b, int o, int n) {
        return Box.of(readPoint(b, o), readPoint(b, o + 16));
    }

    static void encodeLine(Object v, BinaryBuffer out) {
        Line l = (Line) v;
        out.writeLong(Double.doubleToRawLongBits(l.a()));
        out.writeLong(Double.doubleToRawLongBits(l.b()));
        out.writeLong(Double.doubleToRawLongBits(l.c()));
    }

    static Object decodeLine(byte[] b, int o, int n) {
        return new Line(ByteConverter.float8(b, o), ByteConverter.float8(b, o + 8), ByteConverter.float8(b, o + 16));
    }

    static void encodeCircle(Object v, BinaryBuffer out) {
        writePoint(((Circle) v).center(), out);
        out.writeLong(Double.doubleToRawLongBits(((Circle) v).radius()));
    }

    static Object decodeCircle(byte[] b, int o, int n) {
        return new Circle(readPoint(b, o), ByteConverter.float8(b, o + 16));
    }

    static void encodePath(Object v, BinaryBuffer out) {
        PgPath p = (PgPath) v;
        out.writeByte(p.closed() ? 1 : 0);
        writePoints(p.points(), out);
    }

    static Object decodePath(byte[] b, int o, int n) {
        return new PgPath(readPoints(b, o + 1), b[o] != 0);
    }

    static void encodePolygon(Object v, BinaryBuffer out) {
        writePoints(((Polygon) v).points(), out);
    }

    static Object decodePolygon(byte[] b, int o, int n) {
        return new Polygon(readPoints(b, o));
    }

    private static void writePoints(List<Point> points, BinaryBuffer out) {
        out.writeInt(points.size());
        for (Point p : points) {
            writePoint(p, out);
        }
    }

    private static List<Point> readPoints(byte[] b, int o) {
        int count = ByteConverter.int4(b, o);
        List<Point> points = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            points.add(readPoint(b, o + 4 + 16 * i));
        }
        return points;
    }

    static void encodeInet(Object v, BinaryBuffer out) {
        writeAddress(((Inet) v).address(), ((Inet) v).prefixLength(), false, out);
    }

    static void encodeCidr(Object v, BinaryBuffer out) {
        writeAddress(((Cidr) v).address(), ((Cidr) v).prefixLength(), true, out);
    }

    private static void writeAddress(InetAddress address, int bits, boolean cidr, BinaryBuffer out) {
        byte[] bytes = address.getAddress();
        out.writeByte(bytes.length == 16 ? AF_INET6 : AF_INET);
        out.writeByte(bits);
        out.writeByte(cidr ? 1 : 0);
        out.writeByte(bytes.length);
        out.write(bytes);
    }

    static Object decodeInet(byte[] b, int o, int n) {
        return new Inet(readAddress(b, o), b[o + 1] & 0xFF);
    }

    static Object decodeCidr(byte[] b, int o, int n) {
        return new Cidr(readAddress(b, o), b[o + 1] & 0xFF);
    }

    private static InetAddress readAddress(byte[] b, int o) {
        byte[] bytes = Arrays.copyOfRange(b, o + 4, o + 4 + (b[o + 3] & 0xFF));
        try {
            // Inet6Address.getByAddress keeps IPv4-mapped addresses as IPv6, as the server and the text form do.
            return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new ConversionException("Invalid inet value of " + bytes.length + " bytes", e);
        }
    }

    static void encodeMacAddr(Object v, BinaryBuffer out) {
        out.write(((MacAddr) v).bytes());
    }

    static Object decodeMacAddr(byte[] b, int o, int n) {
        return MacAddr.of(Arrays.copyOfRange(b, o, o + 6));
    }

    static void encodeMacAddr8(Object v, BinaryBuffer out) {
        out.write(((MacAddr8) v).bytes());
    }

    static Object decodeMacAddr8(byte[] b, int o, int n) {
        return MacAddr8.of(Arrays.copyOfRange(b, o, o + 8));
    }

    static void encodeLsn(Object v, BinaryBuffer out) {
        out.writeLong(((PgLsn) v).value());
    }

    static Object decodeLsn(byte[] b, int o, int n) {
        return PgLsn.of(ByteConverter.int8(b, o));
    }

    static void encodeOid(Object v, BinaryBuffer out) {
        out.writeInt((int) ((Oid) v).value());
    }

    static Object decodeOid(byte[] b, int o, int n) {
        return Oid.fromSigned(ByteConverter.int4(b, o));
    }

    static void encodeBits(Object v, BinaryBuffer out) {
        boolean[] bits = ((BitString) v).toArray();
        out.writeInt(bits.length);
        byte[] bytes = new byte[(bits.length + 7) / 8];
        for (int i = 0; i < bits.length; i++) {
            if (bits[i]) {
                bytes[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        out.write(bytes);
    }

    static Object decodeBits(byte[] b, int o, int n) {
        boolean[] bits = new boolean[ByteConverter.int4(b, o)];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = (b[o + 4 + i / 8] & (0x80 >>> (i % 8))) != 0;
        }
        return BitString.of(bits);
    }

    static void encodeJsonPath(Object v, BinaryBuffer out) {
        out.writeByte(1);
        out.writeUtf8(((JsonPath) v).text());
    }

    static Object decodeJsonPath(byte[] b, int o, int n) {
        if (b[o] != 1) {
            throw new ConversionException("Unsupported jsonpath binary version " + b[o]);
        }
        return JsonPath.of(new String(b, o + 1, n - 1, StandardCharsets.UTF_8));
    }
}
