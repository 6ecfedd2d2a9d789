package io.pgconnector.cdc.internal;

import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.ChangeSource;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/** A change that could not be delivered; its JSON is built only when asked for. */
final class EventFailure extends CdcException {
    private static final long serialVersionUID = 1L;

    private final transient Struct envelope;
    private transient String json;

    EventFailure(String message, Throwable cause, ChangeSource source, Struct envelope) {
        super(message, null, cause, source);
        this.envelope = envelope;
    }

    @Override
    public synchronized String eventJson() {
        if (json == null && envelope != null) {
            StringBuilder out = new StringBuilder(256);
            write(out, envelope);
            json = out.toString();
        }
        return json;
    }

    private static void write(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Struct s) {
            out.append('{');
            boolean first = true;
            for (Field f : s.schema().fields()) {
                out.append(first ? "" : ",");
                first = false;
                string(out, f.name());
                out.append(':');
                write(out, s.get(f));
            }
            out.append('}');
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (v instanceof Collection<?> c) {
            out.append('[');
            boolean first = true;
            for (Object o : c) {
                out.append(first ? "" : ",");
                first = false;
                write(out, o);
            }
            out.append(']');
        } else if (v instanceof java.math.BigDecimal d) {
            out.append(d.toPlainString());
        } else if (v instanceof Number || v instanceof Boolean) {
            String t = v.toString();
            // NaN and infinities are not JSON numbers.
            if (t.equals("NaN") || t.endsWith("Infinity")) {
                string(out, t);
            } else {
                out.append(t);
            }
        } else if (v instanceof byte[] b) {
            string(out, Base64.getEncoder().encodeToString(b));
        } else if (v instanceof java.nio.ByteBuffer b) {
            byte[] copy = new byte[b.remaining()];
            b.duplicate().get(copy);
            string(out, Base64.getEncoder().encodeToString(copy));
        } else {
            string(out, v.toString());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
            }
        }
        out.append('"');
    }
}
