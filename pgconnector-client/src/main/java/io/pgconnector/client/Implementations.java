package io.pgconnector.client;

import io.pgconnector.codec.Codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where the public types of this package reach their implementations in {@code io.pgconnector.client.internal} (and
 * the codec checks and generic types of {@code io.pgconnector.mapping.internal}):
 * looked up by name once, so that no type of the API names an implementation class and the packages depend one way
 * (the implementation on the API, never the reverse). Every entry is resolved when this class is initialised, so a
 * renamed implementation method fails the first client that is built, with its name.
 */
final class Implementations {
    private static final String INTERNAL = "io.pgconnector.client.internal.";
    private static final String MAPPING = "io.pgconnector.mapping.internal.";

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

    // Sql.of runs on every statement: a static final handle called with invokeExact is inlined like a direct call.
    private static final MethodHandle PLACEHOLDERS = placeholders();
    private static final MethodHandle PLACEHOLDER_POSITIONS = find("SqlScanner", "placeholderPositions",
            MethodType.methodType(int[].class, String.class));
    private static final MethodHandle NAMED_FROM_MAP = find("NamedParameters", "bind",
            MethodType.methodType(Sql.class, String.class, Map.class));
    private static final MethodHandle NAMED_FROM_RECORD = find("NamedParameters", "bind",
            MethodType.methodType(Sql.class, String.class, Record.class));

    private static final MethodHandle CHECK_CODEC = find(MAPPING, "CodecRegistry", "check",
            MethodType.methodType(Codec.class, Codec.class));
    private static final MethodHandle CHECK_CODECS = find(MAPPING, "CodecRegistry", "checkSet",
            MethodType.methodType(List.class, Collection.class));
    private static final MethodHandle LIST_OF = find(MAPPING, "PgTypes", "listOf",
            MethodType.methodType(ParameterizedType.class, Type.class));
    private static final MethodHandle RANGE_OF = find(MAPPING, "PgTypes", "range",
            MethodType.methodType(ParameterizedType.class, Type.class));

    private Implementations() {
    }

    /** The offsets of the {@code ?} placeholders of a text, from the scanner's cache ({@code SqlScanner.parse}). */
    static int[] placeholders(String text) {
        try {
            return (int[]) PLACEHOLDERS.invokeExact(text);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** The offsets of the {@code ?} placeholders of a text, scanned now ({@code SqlScanner.placeholderPositions}). */
    static int[] placeholderPositions(String text) {
        try {
            return (int[]) PLACEHOLDER_POSITIONS.invokeExact(text);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** A statement with {@code :name} parameters bound from a map ({@code NamedParameters.bind}). */
    @SuppressWarnings("rawtypes")
    static Sql named(String text, Map<String, ?> values) {
        try {
            return (Sql) NAMED_FROM_MAP.invokeExact(text, (Map) values);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** A statement with {@code :name} parameters bound from a record's components ({@code NamedParameters.bind}). */
    static Sql named(String text, Record values) {
        try {
            return (Sql) NAMED_FROM_RECORD.invokeExact(text, values);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** Checks one user codec ({@code CodecRegistry.check}). */
    static Codec<?> checkCodec(Codec<?> codec) {
        try {
            return (Codec<?>) CHECK_CODEC.invokeExact(codec);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** Checks the codecs of one registration call ({@code CodecRegistry.checkSet}). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<Codec<?>> checkCodecs(Collection<? extends Codec<?>> codecs) {
        try {
            return (List<Codec<?>>) (List<?>) CHECK_CODECS.invokeExact((Collection) codecs);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** The type {@code List<element>} ({@code PgTypes.listOf}). */
    static ParameterizedType listOf(Type element) {
        try {
            return (ParameterizedType) LIST_OF.invokeExact(element);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** The type {@code Range<element>} ({@code PgTypes.range}). */
    static ParameterizedType rangeOf(Type element) {
        try {
            return (ParameterizedType) RANGE_OF.invokeExact(element);
        } catch (Throwable t) {
            throw unchecked(t);
        }
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
        return find(INTERNAL, type, method, signature);
    }

    private static MethodHandle find(String pkg, String type, String method, MethodType signature) {
        try {
            Class<?> owner = Class.forName(pkg + type, false, Implementations.class.getClassLoader());
            return MethodHandles.lookup().findStatic(owner, method, signature);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The client's implementation " + pkg + type + "." + method
                    + signature + " is missing", e);
        }
    }

    /** {@code SqlScanner.parse(text).placeholders()}, without naming the scanner's result type. */
    private static MethodHandle placeholders() {
        try {
            Class<?> scanner = Class.forName(INTERNAL + "SqlScanner", false, Implementations.class.getClassLoader());
            Class<?> parsed = Class.forName(INTERNAL + "SqlScanner$Parsed", false,
                    Implementations.class.getClassLoader());
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            return MethodHandles.filterReturnValue(
                    lookup.findStatic(scanner, "parse", MethodType.methodType(parsed, String.class)),
                    lookup.findVirtual(parsed, "placeholders", MethodType.methodType(int[].class)));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The client's implementation " + INTERNAL
                    + "SqlScanner.parse(String).placeholders() is missing", e);
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
