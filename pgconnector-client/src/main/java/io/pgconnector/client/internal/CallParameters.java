package io.pgconnector.client.internal;

import io.pgconnector.client.CallParameter;

/**
 * The bridge through which the call machinery writes OUT values into {@link CallParameter}s, whose setters are not
 * public API. {@code CallParameter} installs the hook when its class is initialised.
 */
public final class CallParameters {
    /** Writes a parameter's state. */
    public interface Hook {
        /**
         * Clears the parameter before a call.
         *
         * @param p the parameter
         */
        void reset(CallParameter<?> p);

        /**
         * Stores the value read for the parameter.
         *
         * @param p     the parameter
         * @param value the value, or null
         */
        void complete(CallParameter<?> p, Object value);

        /**
         * Records that the call returned nothing at the parameter's position.
         *
         * @param p      the parameter
         * @param reason why, for the message of {@code get()}
         */
        void noValue(CallParameter<?> p, String reason);

        /**
         * Records that the value could not be read into the parameter's type; {@code get()} throws it.
         *
         * @param p       the parameter
         * @param failure the error
         */
        void fail(CallParameter<?> p, RuntimeException failure);
    }

    private static volatile Hook hook;

    private CallParameters() {
    }

    /**
     * Installs the hook; called once by {@code CallParameter}.
     *
     * @param h the hook
     */
    public static void install(Hook h) {
        if (hook == null) {
            hook = h;
        }
    }

    static Hook hook() {
        return hook;
    }
}
