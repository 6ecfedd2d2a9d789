package io.pgconnector.client;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Map;

/**
 * Where the public types of this package reach their implementations in {@code io.pgconnector.client.internal}:
 * looked up by name once, so that no type of the API names an implementation class and the packages depend one way
 * (the implementation on the API, never the reverse). Every entry is resolved when this class is initialised, so a
 * renamed implementation method fails the first client that is built, with its name.
 */
final class Implementations {
    private static final String INTERNAL = "io.pgconnector.client.internal.";

    private static final MethodHandle CREATE_CLIENT = find("DefaultPostgresClient", "create",
            MethodType.methodType(PostgresClient.class, PostgresClient.Builder.class));
    private static final MethodHandle PARSE_URI = find("ConnectionUris", "parse",
            MethodType.methodType(PostgresClient.Builder.class, String.class));
    private static final MethodHandle FROM_ENVIRONMENT = find("ConnectionUris", "fromEnvironment",
            MethodType.methodType(PostgresClient.Builder.class, Map.class));
    private static final MethodHandle SPLIT_SERVER = find("ConnectionUris", "splitServer",
            MethodType.methodType(String[].class, String.class));
    private static final MethodHandle PARSE_PORT = find("ConnectionUris", "parsePort",
            MethodType.methodType(int.class, String.class));

    private static final MethodHandle NOTIFY_STATEMENT = find("Notifications", "statement",
            MethodType.methodType(Sql.class, String.class, String.class));
    private static final MethodHandle CHECK_TLS = find("tls.TlsProperties", "check",
            MethodType.methodType(void.class, TlsOptions.class));

    private Implementations() {
    }

    /** Opens the pool and returns the connected client ({@code DefaultPostgresClient.create}). */
    static PostgresClient createClient(PostgresClient.Builder b) {
        try {
            return (PostgresClient) CREATE_CLIENT.invokeExact(b);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** A builder from a libpq URI or a pgjdbc URL ({@code ConnectionUris.parse}). */
    static PostgresClient.Builder parseUri(String uri) {
        try {
            return (PostgresClient.Builder) PARSE_URI.invokeExact(uri);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** A builder from libpq environment variables ({@code ConnectionUris.fromEnvironment}). */
    static PostgresClient.Builder fromEnvironment(Map<String, String> env) {
        try {
            return (PostgresClient.Builder) FROM_ENVIRONMENT.invokeExact(env);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** {@code host[:port]} split into host and port (null when absent); brackets of an IPv6 address removed. */
    static String[] splitServer(String server) {
        try {
            return (String[]) SPLIT_SERVER.invokeExact(server);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** A port number, checked. */
    static int parsePort(String port) {
        try {
            return (int) PARSE_PORT.invokeExact(port);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** The checked {@code pg_notify} statement of {@link SqlOperations#notify(String, String)}. */
    static Sql notifyStatement(String channel, String payload) {
        try {
            return (Sql) NOTIFY_STATEMENT.invokeExact(channel, payload);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** Loads the TLS files of the options once, so that a wrong file or password fails when they are built. */
    static void checkTls(TlsOptions options) {
        try {
            CHECK_TLS.invokeExact(options);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /**
     * Wraps an iterator as a sequential stream read as it is consumed (the {@code Iterator} forms of the COPY verbs).
     *
     * A null iterator is an InvalidStatementException (SQLSTATE 22004).
     */
    static <T> java.util.stream.Stream<T> streamOf(java.util.Iterator<T> rows, String verb) {
        if (rows == null) {
            throw new io.pgconnector.errors.InvalidStatementException(verb + ": argument 'rows' is null; nothing "
                    + "was sent", "22004");
        }
        return java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(rows,
                java.util.Spliterator.ORDERED), false);
    }

    private static MethodHandle find(String type, String method, MethodType signature) {
        try {
            Class<?> owner = Class.forName(INTERNAL + type, false, Implementations.class.getClassLoader());
            return MethodHandles.lookup().findStatic(owner, method, signature);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The client's implementation " + INTERNAL + type + "." + method
                    + signature + " is missing", e);
        }
    }

    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new UndeclaredThrowableException(t);
    }
}
