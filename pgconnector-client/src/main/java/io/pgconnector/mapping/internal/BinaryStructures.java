package io.pgconnector.mapping.internal;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.types.Range;
import org.postgresql.util.ByteConverter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The binary forms of the structures over binary codecs: one-dimensional arrays of a built-in type that has a binary
 * codec ({@code int4[]}, {@code text[]}, {@code point[]}, {@code int4range[]}...) and the built-in range types. An
 * array's binary form names its element type's OID, so only built-in element types (whose OIDs are fixed) have one;
 * arrays of domains, enums or user types travel as text.
 */
final class BinaryStructures {
    /** The OIDs of the built-in types that may be array elements in binary form. */
    private static final Map<String, Integer> OIDS = Map.ofEntries(Map.entry("bool", 16), Map.entry("bytea", 17),
            Map.entry("name", 19), Map.entry("int8", 20), Map.entry("int2", 21), Map.entry("int4", 23),
            Map.entry("text", 25), Map.entry("oid", 26), Map.entry("json", 114), Map.entry("point", 600),
            Map.entry("lseg", 601), Map.entry("path", 602), Map.entry("box", 603), Map.entry("polygon", 604),
            Map.entry("line", 628), Map.entry("cidr", 650), Map.entry("float4", 700), Map.entry("float8", 701),
            Map.entry("circle", 718), Map.entry("macaddr8", 774), Map.entry("macaddr", 829), Map.entry("inet", 869),
            Map.entry("bpchar", 1042), Map.entry("varchar", 1043), Map.entry("date", 1082), Map.entry("time", 1083),
            Map.entry("timestamp", 1114), Map.entry("timestamptz", 1184), Map.entry("interval", 1186),
            Map.entry("timetz", 1266), Map.entry("bit", 1560), Map.entry("varbit", 1562),
            Map.entry("numeric", 1700), Map.entry("uuid", 2950), Map.entry("pg_lsn", 3220),
            Map.entry("jsonb", 3802), Map.entry("int4range", 3904), Map.entry("numrange", 3906),
            Map.entry("tsrange", 3908), Map.entry("tstzrange", 3910), Map.entry("daterange", 3912),
            Map.entry("int8range", 3926), Map.entry("jsonpath", 4072));
    /** The element type of each built-in range type. */
    private static final Map<String, String> RANGES = Map.of("int4range", "int4", "int8range", "int8",
            "numrange", "numeric", "daterange", "date", "tsrange", "timestamp", "tstzrange", "timestamptz");
    private static final int EMPTY = 0x01;
    private static final int LOWER_INCLUSIVE = 0x02;
    private static final int UPPER_INCLUSIVE = 0x04;
    private static final int LOWER_UNBOUNDED = 0x08;
    private static final int UPPER_UNBOUNDED = 0x10;
    private static final Map<String, Optional<BinaryCodec>> CACHE = new ConcurrentHashMap<>();

    private BinaryStructures() {
    }

    /**
     * Returns the binary codec of an array or range type, or null when it has none.
     *
     * @param pgType the type name ({@code _int4}, {@code int4[]}, {@code int4range})
     * @return the codec or null
     */
    static BinaryCodec forType(String pgType) {
        return CACHE.computeIfAbsent(pgType, BinaryStructures::make).orElse(null);
    }

    private static Optional<BinaryCodec> make(String pgType) {
        String rangeElement = RANGES.get(pgType);
        if (rangeElement != null) {
            return Optional.of(new RangeCodec(pgType, BuiltInCodecs.binary(rangeElement),
                    new ColumnInfo(pgType + " bound", rangeElement)));
        }
        ColumnInfo type = new ColumnInfo("", pgType);
        if (!type.isArray()) {
            return Optional.empty();
        }
        String element = type.elementType();
        Integer oid = OIDS.get(element);
        BinaryCodec codec = oid == null ? null : BinaryCodecs.forType(element);
        return codec == null ? Optional.empty()
                : Optional.of(new ArrayCodec(pgType, codec, oid, new ColumnInfo(pgType + " element", element)));
    }

    /** A one-dimensional array, read as a {@code List} of its elements' natural type (nulls kept). */
    private record ArrayCodec(String pgType, BinaryCodec element, int elementOid, ColumnInfo elementColumn)
            implements BinaryCodec {
        @Override
        public boolean accepts(Class<?> type) {
            return Collection.class.isAssignableFrom(type) || type.isArray() && type != byte[].class;
        }

        @Override
        public boolean acceptsAsIs(Object value) {
            if (!accepts(value.getClass())) {
                return false;
            }
            for (Object item : TextCodec.iterate(value)) {
                if (item != null) {
                    return element.acceptsAsIs(item);
                }
            }
            return true;
        }

        @Override
        public void encode(Object value, BinaryBuffer out) {
            List<Object> items = TextCodec.iterate(value);
            boolean nulls = items.contains(null);
            out.writeInt(items.isEmpty() ? 0 : 1);
            out.writeInt(nulls ? 1 : 0);
            out.writeInt(elementOid);
            if (items.isEmpty()) {
                return;
            }
            out.writeInt(items.size());
            out.writeInt(1);
            for (Object item : items) {
                if (item == null) {
                    out.writeInt(-1);
                } else {
                    int at = out.beginLength();
                    BinaryCodecs.encode(element, elementColumn, item, out);
                    out.endLength(at);
                }
            }
        }

        @Override
        public Object decode(byte[] b, int offset, int length) {
            int dimensions = ByteConverter.int4(b, offset);
            if (dimensions == 0) {
                return new ArrayList<>();
            }
            if (dimensions != 1) {
                throw new ConversionException("A " + dimensions + "-dimensional array has no List form; only "
                        + "one-dimensional arrays are read");
            }
            int count = ByteConverter.int4(b, offset + 12);
            int at = offset + 20;
            List<Object> items = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int n = ByteConverter.int4(b, at);
                at += 4;
                if (n < 0) {
                    items.add(null);
                } else {
                    items.add(element.decode(b, at, n));
                    at += n;
                }
            }
            return items;
        }
    }

    /** A built-in range, read as a {@link Range} of its element's natural type. */
    private record RangeCodec(String pgType, BinaryCodec element, ColumnInfo boundColumn) implements BinaryCodec {
        @Override
        public boolean accepts(Class<?> type) {
            return type == Range.class;
        }

        @Override
        public boolean acceptsAsIs(Object value) {
            if (!accepts(value.getClass())) {
                return false;
            }
            Range<?> r = (Range<?>) value;
            Object bound = r.lower() != null ? r.lower() : r.upper();
            return bound == null || element.acceptsAsIs(bound);
        }

        @Override
        public void encode(Object value, BinaryBuffer out) {
            Range<?> r = (Range<?>) value;
            if (r.isEmpty()) {
                out.writeByte(EMPTY);
                return;
            }
            int flags = (r.lower() == null ? LOWER_UNBOUNDED : r.lowerInclusive() ? LOWER_INCLUSIVE : 0)
                    | (r.upper() == null ? UPPER_UNBOUNDED : r.upperInclusive() ? UPPER_INCLUSIVE : 0);
            out.writeByte(flags);
            for (Object bound : new Object[] {r.lower(), r.upper()}) {
                if (bound != null) {
                    int at = out.beginLength();
                    BinaryCodecs.encode(element, boundColumn, bound, out);
                    out.endLength(at);
                }
            }
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Object decode(byte[] b, int offset, int length) {
            int flags = b[offset];
            if ((flags & EMPTY) != 0) {
                return Range.empty();
            }
            int at = offset + 1;
            Comparable lower = null;
            Comparable upper = null;
            if ((flags & LOWER_UNBOUNDED) == 0) {
                int n = ByteConverter.int4(b, at);
                lower = (Comparable) element.decode(b, at + 4, n);
                at += 4 + n;
            }
            if ((flags & UPPER_UNBOUNDED) == 0) {
                int n = ByteConverter.int4(b, at);
                upper = (Comparable) element.decode(b, at + 4, n);
            }
            return Range.of(lower, (flags & LOWER_INCLUSIVE) != 0, upper, (flags & UPPER_INCLUSIVE) != 0);
        }
    }
}
