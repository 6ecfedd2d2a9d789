package io.pgconnector.codec;

/**
 * A codec found by {@link java.util.ServiceLoader} (listed in the test resources' {@code META-INF/services}): the
 * {@code seg} extension's intervals as {@link Seg}. Clients of databases without the extension leave it out.
 */
public final class SegCodec implements Codec<SegCodec.Seg> {

    /** A closed interval of the seg extension. */
    public record Seg(double lower, double upper) {
    }

    @Override
    public String typeName() {
        return "seg";
    }

    @Override
    public Class<Seg> javaType() {
        return Seg.class;
    }

    @Override
    public String format(Seg value) {
        return value.lower() + " .. " + value.upper();
    }

    @Override
    public Seg parse(String text) {
        int dots = text.indexOf(" .. ");
        if (dots < 0) {
            double v = Double.parseDouble(text.trim());
            return new Seg(v, v);
        }
        return new Seg(Double.parseDouble(text.substring(0, dots).trim()),
                Double.parseDouble(text.substring(dots + 4).trim()));
    }
}
