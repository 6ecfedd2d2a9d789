package io.pgconnector.notify.internal;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.mapping.internal.ColumnInfo;
import io.pgconnector.mapping.internal.Conversions;
import io.pgconnector.mapping.internal.RowMapper;
import io.pgconnector.notify.Notification;
import io.pgconnector.types.Json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads notification payloads into Java types. A JSON object becomes a "row" whose columns are its keys, so that a
 * record is filled by the same {@link RowMapper} as a query result: the same name matching, the same conversions of
 * PostgreSQL text forms (what {@code row_to_json} writes) into value types.
 */
public final class Payloads {
    private static final ColumnInfo PAYLOAD = new ColumnInfo("payload", "anyelement");

    private Payloads() {
    }

    /**
     * Reads a payload.
     *
     * @param n    the notification
     * @param type the wanted type
     * @param <T>  the wanted type
     * @return the value
     * @throws ConversionException if the payload does not fit, naming the channel
     */
    @SuppressWarnings("unchecked")
    public static <T> T read(Notification n, Class<T> type) {
        if (type == String.class) {
            return (T) n.payload();
        }
        try {
            if (RowMapper.isScalar(type, null)) {
                return (T) Conversions.convert(n.payload(), PAYLOAD, type);
            }
            if (type.isRecord()) {
                return fromObject(n, type);
            }
            if (Map.class.isAssignableFrom(type)) {
                return (T) JsonMembers.of(n.payload());
            }
            return Json.of(n.payload()).read(type);
        } catch (ConversionException e) {
            throw new ConversionException("Cannot read the payload of a notification on channel '" + n.channel()
                    + "' into " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    private static <T> T fromObject(Notification n, Class<T> type) {
        Map<String, Object> members = JsonMembers.of(n.payload());
        List<ColumnInfo> columns = new ArrayList<>(members.size());
        Object[] values = new Object[members.size()];
        int i = 0;
        for (Map.Entry<String, Object> e : members.entrySet()) {
            Object v = e.getValue();
            String pgType;
            if (v instanceof Json) {
                // Nested JSON stays JSON, so it can fill a Json, a JsonNode or a nested user type.
                v = ((Json) v).text();
                pgType = "json";
            } else if (v instanceof BigDecimal) {
                pgType = "numeric";
            } else if (v instanceof Boolean) {
                pgType = "bool";
            } else {
                // The text may be any type's text form, as for a column of a type the mapping does not know.
                pgType = "anyelement";
            }
            columns.add(new ColumnInfo(e.getKey(), pgType));
            values[i++] = v;
        }
        return RowMapper.forColumns(type, columns).fromValues(values);
    }
}
