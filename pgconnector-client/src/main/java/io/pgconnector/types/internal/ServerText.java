package io.pgconnector.types.internal;

import io.pgconnector.types.Jsonb;

import java.lang.invoke.MethodHandles;
import java.util.function.Function;

/**
 * Builds values from text the server itself printed, skipping the validation that text from users gets: a
 * {@code jsonb} value printed by PostgreSQL is valid JSON by construction, and checking it again scanned every
 * character of every jsonb value of every change event once more. Only for text that comes from the server (a change
 * event, a result column).
 */
public final class ServerText {
    private static volatile Function<String, Jsonb> jsonb;

    private ServerText() {
    }

    /**
     * Called once by {@link Jsonb}'s class initialisation with its non-validating factory.
     *
     * @param factory builds a value without validating its text
     */
    public static void installJsonb(Function<String, Jsonb> factory) {
        if (jsonb == null) {
            jsonb = factory;
        }
    }

    /**
     * Returns a {@code jsonb} value for text the server printed, without validating it again.
     *
     * @param serverText the server's text of a {@code jsonb} value, not null
     * @return the value
     */
    public static Jsonb jsonb(String serverText) {
        Function<String, Jsonb> f = jsonb;
        if (f == null) {
            try {
                MethodHandles.lookup().ensureInitialized(Jsonb.class);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            f = jsonb;
        }
        return f.apply(serverText);
    }
}
