package io.pgconnector.client.internal;

import io.pgconnector.client.CallParameter;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.UndeclaredThrowableException;

/**
 * Writes OUT values into {@link CallParameter}s, whose state changes are private to the API class. The call
 * machinery reaches them through a private method-handle lookup in {@code CallParameter} (same module), so that the
 * public type neither names this package nor exposes a hook anyone could install.
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

    private static final Hook HOOK = new Hook() {
        private final MethodHandle reset = method("reset", MethodType.methodType(void.class));
        private final MethodHandle complete = method("complete", MethodType.methodType(void.class, Object.class));
        private final MethodHandle noValue = method("noValue", MethodType.methodType(void.class, String.class));
        private final MethodHandle fail = method("fail",
                MethodType.methodType(void.class, RuntimeException.class));

        @Override
        public void reset(CallParameter<?> p) {
            try {
                reset.invokeExact(p);
            } catch (Throwable t) {
                throw unexpected(t);
            }
        }

        @Override
        public void complete(CallParameter<?> p, Object value) {
            try {
                complete.invokeExact(p, value);
            } catch (Throwable t) {
                throw unexpected(t);
            }
        }

        @Override
        public void noValue(CallParameter<?> p, String reason) {
            try {
                noValue.invokeExact(p, reason);
            } catch (Throwable t) {
                throw unexpected(t);
            }
        }

        @Override
        public void fail(CallParameter<?> p, RuntimeException failure) {
            try {
                fail.invokeExact(p, failure);
            } catch (Throwable t) {
                throw unexpected(t);
            }
        }
    };

    private CallParameters() {
    }

    static Hook hook() {
        return HOOK;
    }

    private static MethodHandle method(String name, MethodType type) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(CallParameter.class, MethodHandles.lookup());
            return lookup.findVirtual(CallParameter.class, name, type)
                    .asType(type.insertParameterTypes(0, CallParameter.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("CallParameter." + name + type + " is missing: the call machinery and "
                    + "CallParameter are out of step", e);
        }
    }

    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new UndeclaredThrowableException(t);
    }
}
