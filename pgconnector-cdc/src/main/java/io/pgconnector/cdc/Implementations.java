package io.pgconnector.cdc;

import io.pgconnector.codec.Codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Collection;
import java.util.List;

/**
 * Where the public types of this package reach their implementations in {@code io.pgconnector.cdc.internal}: looked
 * up by name once, so that no type of the API names an implementation class and the packages depend one way (the
 * implementation on the API, never the reverse). A renamed constructor fails the first listener that is built, with
 * its name.
 */
final class Implementations {
    private static final String LISTENER = "io.pgconnector.cdc.internal.DefaultCdcListener";
    private static final MethodHandle NEW_LISTENER = listenerConstructor();
    private static final MethodHandle QUALIFY = qualifier();
    private static final String CODEC_CHECKS = "io.pgconnector.cdc.internal.CodecChecks";
    private static final MethodHandle CHECK_CODEC = codecCheck("check",
            MethodType.methodType(Codec.class, Codec.class));
    private static final MethodHandle CHECK_CODECS = codecCheck("checkSet",
            MethodType.methodType(List.class, Collection.class));

    private Implementations() {
    }

    /** The listener for a validated configuration ({@code new DefaultCdcListener(config)}). */
    static CdcListener newListener(CdcConfig config) {
        try {
            return (CdcListener) NEW_LISTENER.invokeExact(config);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        }
    }

    /**
     * A table name as the listener keys it ({@code DefaultCdcListener.qualify}: {@code schema.table}, {@code public.}
     * added to a bare name).
     *
     * @throws IllegalArgumentException if the name is not {@code schema.table} or {@code table}
     */
    static String qualify(String table) {
        try {
            return (String) QUALIFY.invokeExact(table);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        }
    }

    /** Checks one user codec as the client does ({@code CodecChecks.check}). */
    static Codec<?> checkCodec(Codec<?> codec) {
        try {
            return (Codec<?>) CHECK_CODEC.invokeExact(codec);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        }
    }

    /** Checks the codecs of one registration call as the client does ({@code CodecChecks.checkSet}). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<Codec<?>> checkCodecs(Collection<? extends Codec<?>> codecs) {
        try {
            return (List<Codec<?>>) (List<?>) CHECK_CODECS.invokeExact((Collection) codecs);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        }
    }

    private static MethodHandle codecCheck(String method, MethodType signature) {
        try {
            return MethodHandles.lookup().findStatic(Class.forName(CODEC_CHECKS, false,
                    Implementations.class.getClassLoader()), method, signature);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The CDC module's codec check " + CODEC_CHECKS + "." + method + signature
                    + " is missing", e);
        }
    }

    private static MethodHandle qualifier() {
        try {
            return MethodHandles.lookup().findStatic(Class.forName(LISTENER, false,
                    Implementations.class.getClassLoader()), "qualify",
                    MethodType.methodType(String.class, String.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The CDC listener's implementation " + LISTENER + ".qualify(String) is "
                    + "missing", e);
        }
    }

    private static MethodHandle listenerConstructor() {
        try {
            return MethodHandles.lookup()
                    .findConstructor(Class.forName(LISTENER, false, Implementations.class.getClassLoader()),
                            MethodType.methodType(void.class, CdcConfig.class))
                    .asType(MethodType.methodType(CdcListener.class, CdcConfig.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The CDC listener's implementation " + LISTENER + "(CdcConfig) is missing",
                    e);
        }
    }
}
