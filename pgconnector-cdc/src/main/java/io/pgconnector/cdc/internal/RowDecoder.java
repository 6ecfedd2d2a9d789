package io.pgconnector.cdc.internal;

import io.pgconnector.cdc.ColumnMask;
import io.pgconnector.mapping.internal.CodecRegistry;
import io.pgconnector.mapping.internal.ColumnInfo;
import io.pgconnector.mapping.internal.RowMapper;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes the {@code before}/{@code after} structs of change events into the user's row types through the client's
 * one {@link RowMapper}. Plans are cached per Debezium row schema (a new schema after {@code ALTER TABLE} gets a new
 * plan). Used by the single delivery thread only.
 */
final class RowDecoder {
    private static final int CACHE_LIMIT = 1024;

    private final Map<Schema, Plan> plans = new IdentityHashMap<>();
    // The plan of the last row: changes come in runs of one table.
    private Plan last;
    private final List<ColumnMask> hashMasks;
    private final CodecRegistry codecs;

    /**
     * A decoder that reads values with a listener's codecs and replaces the values of text columns matched by a
     * {@link ColumnMask.Kind#HASH} mask.
     *
     * @param codecs the listener's codecs
     * @param masks  the listener's column masks (other kinds are Debezium's and ignored here)
     */
    RowDecoder(CodecRegistry codecs, List<ColumnMask> masks) {
        this.codecs = codecs;
        this.hashMasks = masks.stream().filter(m -> m.kind() == ColumnMask.Kind.HASH).toList();
    }

    // The columns whose values were not sent in the last decoded row (an unchanged TOAST value).
    private Set<String> unavailable = Set.of();

    private static final class Plan {
        final Schema schema;
        final Field[] fields;
        // Per column, everything decoding a value needs, looked up once.
        final FieldDecoder.Column[] decoders;
        final List<ColumnInfo> columns;
        // Per column, so that decoding a value looks nothing up by name.
        final String[] pgTypes;
        final Type[] naturalTypes;
        final String[] qualifiedNames;
        // The hash mask of each column, null for most.
        final ColumnMask[] hashes;
        final Map<Class<?>, RowMapper<?>> mappers = new IdentityHashMap<>();
        // The mapper of the last type asked for (nearly always the only one).
        private Class<?> lastType;
        private RowMapper<?> lastMapper;
        final CodecRegistry codecs;
        // The values of the row being decoded, reused row after row: the mapper builds the row from them without
        // keeping the array (see RowMapper#fromOwnedValues), and every slot is written again for each row.
        final Object[] values;

        Plan(String table, Schema schema, List<ColumnMask> hashMasks, CodecRegistry codecs) {
            this.codecs = codecs;
            this.schema = schema;
            this.fields = schema.fields().toArray(new Field[0]);
            this.decoders = new FieldDecoder.Column[fields.length];
            this.hashes = new ColumnMask[fields.length];
            this.pgTypes = new String[fields.length];
            this.naturalTypes = new Type[fields.length];
            this.qualifiedNames = new String[fields.length];
            List<ColumnInfo> cols = new ArrayList<>(fields.length);
            for (int i = 0; i < fields.length; i++) {
                Field f = fields[i];
                pgTypes[i] = FieldDecoder.pgType(f);
                naturalTypes[i] = codecs.naturalType(pgTypes[i]);
                qualifiedNames[i] = table + "." + f.name();
                for (ColumnMask m : hashMasks) {
                    if (m.appliesTo(qualifiedNames[i])) {
                        hashes[i] = m;
                        break;
                    }
                }
                cols.add(new ColumnInfo(f.name(), pgTypes[i]));
                decoders[i] = new FieldDecoder.Column(f, pgTypes[i], naturalTypes[i], qualifiedNames[i], codecs);
            }
            this.columns = List.copyOf(cols);
            this.values = new Object[fields.length];
        }

        @SuppressWarnings("unchecked")
        <T> RowMapper<T> mapper(Class<T> type) {
            if (type != lastType) {
                lastMapper = mappers.computeIfAbsent(type, t -> RowMapper.forColumns(t, columns, codecs));
                lastType = type;
            }
            return (RowMapper<T>) lastMapper;
        }
    }

    /**
     * Decodes a row into the type; {@link #unavailable()} then tells which columns were not sent.
     *
     * @return the row, or null for a null struct
     */
    <T> T decode(Struct row, Class<T> type, String table) {
        if (row == null) {
            unavailable = Set.of();
            return null;
        }
        Schema schema = row.schema();
        Plan plan = last;
        if (plan == null || plan.schema != schema) {
            plan = plans.get(schema);
            if (plan == null) {
                if (plans.size() >= CACHE_LIMIT) {
                    plans.clear();
                }
                plan = new Plan(table, schema, hashMasks, codecs);
                plans.put(schema, plan);
            }
            last = plan;
        }
        FieldDecoder.Column[] columns = plan.decoders;
        RowMapper<T> mapper = plan.mapper(type);
        Object[] values = plan.values;
        Set<String> notSent = null;
        for (int i = 0; i < values.length; i++) {
            FieldDecoder.Column c = columns[i];
            Object raw = row.get(c.field);
            Object v;
            if (mapper.reads(i)) {
                v = c.decode(raw);
            } else {
                // Not part of the type: not decoded at all, only noted when its value was not sent.
                v = raw != null && FieldDecoder.isUnavailable(raw) ? FieldDecoder.UNAVAILABLE_MARK : null;
            }
            if (v == FieldDecoder.UNAVAILABLE_MARK) {
                if (notSent == null) {
                    notSent = new LinkedHashSet<>();
                }
                notSent.add(c.field.name());
                v = null;
            } else if (plan.hashes[i] != null && v instanceof String s) {
                v = plan.hashes[i].hash(s);
            }
            values[i] = v;
        }
        unavailable = notSent == null ? Set.of() : notSent;
        return mapper.fromOwnedValues(values);
    }

    /** The columns whose values were not sent in the row last decoded (unchanged TOAST values). */
    Set<String> unavailable() {
        return unavailable;
    }
}
