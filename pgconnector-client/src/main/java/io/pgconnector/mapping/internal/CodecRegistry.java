package io.pgconnector.mapping.internal;

import io.pgconnector.codec.Codec;
import io.pgconnector.errors.ConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Type;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The one registry of codecs that parameters, result columns, OUT parameters, COPY and change events consult: the
 * built-in codecs ({@link BuiltInCodecs}) and, per client or CDC listener, the user's {@link Codec}s on top (the last
 * registration of a type or a Java class wins). Immutable; {@link #BUILT_IN} serves every client without codecs of
 * its own, so those pay nothing for the feature.
 */
public final class CodecRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(CodecRegistry.class);

    /** The registry of the built-in types alone. */
    public static final CodecRegistry BUILT_IN = new CodecRegistry(List.of());

    private static volatile List<Codec<?>> discovered;

    /** The user's codecs, last registered first. */
    private final List<UserCodec> user;
    private final Map<String, UserCodec> byType = new HashMap<>();
    /**
     * {@link #forType} by the type name as given: with any codec registered, every decoded value (each column of
     * each change event) asked for its type's codec, and normalising the name ({@link UserCodec#simpleName}: trim,
     * strip, lower-case) allocated each time. Bounded: only names the server reports for columns reach it, and past
     * {@link #MAX_MEMO} names it stops remembering new ones.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Object> forTypeMemo =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_MEMO = 4096;
    private static final Object NO_CODEC = new Object();
    private final ClassValue<TypeCodec> byClass = new ClassValue<>() {
        @Override
        protected TypeCodec computeValue(Class<?> c) {
            Class<?> boxed = c.isPrimitive() ? Conversions.boxedTarget(c) : c;
            for (UserCodec u : user) {
                if (u.javaClass() == boxed) {
                    return u;
                }
            }
            for (UserCodec u : user) {
                if (u.javaClass().isAssignableFrom(boxed)) {
                    return u;
                }
            }
            return BuiltInCodecs.forClass(boxed);
        }
    };
    /** Per-registry caches of the parameter binder, so that a user's codec never leaks into another client. */
    final ClassValue<ParameterBinder.Bind> binders = new ClassValue<>() {
        @Override
        protected ParameterBinder.Bind computeValue(Class<?> type) {
            return ParameterBinder.binderFor(type, CodecRegistry.this);
        }
    };

    private CodecRegistry(List<UserCodec> lastFirst) {
        this.user = List.copyOf(lastFirst);
        for (int i = user.size() - 1; i >= 0; i--) {
            byType.put(user.get(i).simpleName(), user.get(i));
        }
    }

    /**
     * Checks a set of codecs registered together: no nulls, a type name and a Java class each, and no two for one
     * Java class.
     *
     * @param codecs the codecs of one registration call
     * @return them, as an immutable list
     * @throws ConfigurationException naming the codecs and the type when the set is not valid
     */
    public static List<Codec<?>> checkSet(Collection<? extends Codec<?>> codecs) {
        Objects.requireNonNull(codecs, "codecs");
        Map<Class<?>, Codec<?>> seen = new IdentityHashMap<>();
        for (Codec<?> c : codecs) {
            check(c);
            Codec<?> earlier = seen.put(c.javaType(), c);
            if (earlier != null) {
                throw new ConfigurationException("Two codecs for Java type " + c.javaType().getName()
                        + " in one registration: " + UserCodec.name(earlier) + " (PostgreSQL type "
                        + earlier.typeName() + ") and " + UserCodec.name(c) + " (PostgreSQL type "
                        + c.typeName() + "); register one, or register them one by one (the last one wins)");
            }
        }
        return List.copyOf(codecs);
    }

    /**
     * Checks one codec.
     *
     * @param c the codec
     * @return it
     * @throws ConfigurationException if it has no type name or Java class, or claims {@code Object}
     */
    public static Codec<?> check(Codec<?> c) {
        if (c == null) {
            throw new ConfigurationException("A codec is null");
        }
        String name;
        Class<?> type;
        try {
            name = c.typeName();
            type = c.javaType();
        } catch (RuntimeException e) {
            throw new ConfigurationException("The codec " + c.getClass().getName() + " failed to tell its type: "
                    + e, e);
        }
        if (name == null || name.isBlank()) {
            throw new ConfigurationException("The codec " + c.getClass().getName() + " has no PostgreSQL type name");
        }
        if (type == null || type == Object.class || type.isPrimitive()) {
            throw new ConfigurationException("The codec " + c.getClass().getName() + " for PostgreSQL type " + name
                    + " must name a Java class other than Object and primitives, got " + type);
        }
        return c;
    }

    /**
     * Returns the codecs found by {@link ServiceLoader} ({@code META-INF/services/io.pgconnector.codec.Codec}),
     * looked for once.
     *
     * @return the discovered codecs
     */
    public static List<Codec<?>> discovered() {
        List<Codec<?>> d = discovered;
        if (d == null) {
            List<Codec<?>> found = new ArrayList<>();
            try {
                for (Codec<?> c : ServiceLoader.load(Codec.class)) {
                    found.add(check(c));
                }
            } catch (ServiceConfigurationError e) {
                throw new ConfigurationException("A codec listed for ServiceLoader could not be loaded: "
                        + e.getMessage(), e);
            }
            discovered = d = List.copyOf(found);
        }
        return d;
    }

    /**
     * Builds the registry of a client or a listener: the discovered codecs, then the explicit ones (later ones win),
     * with the type of each looked up on the server. An explicit codec whose type does not exist fails; a discovered
     * one is left out (a codec on the class path must not break clients of databases without its extension).
     *
     * @param explicit   the codecs registered in the options, in order
     * @param connection a connection to the server, or null to skip the look-up (the type's details stay unknown)
     * @param database   the database, for messages
     * @return the registry, {@link #BUILT_IN} when there are no codecs at all
     * @throws ConfigurationException if an explicit codec's type does not exist
     * @throws SQLException           if the look-up fails
     */
    public static CodecRegistry create(List<Codec<?>> explicit, Connection connection, String database)
            throws SQLException {
        List<Codec<?>> found = discovered();
        if (explicit.isEmpty() && found.isEmpty()) {
            return BUILT_IN;
        }
        List<Codec<?>> all = new ArrayList<>(found);
        all.addAll(explicit);
        Map<String, int[]> types = connection == null ? Map.of() : lookUp(all, connection);
        List<UserCodec> lastFirst = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            Codec<?> c = all.get(i);
            int[] t = types.get(c.typeName());
            if (connection != null && t == null) {
                if (i < found.size()) {
                    LOG.debug("Codec {} left out: type {} does not exist in {}", UserCodec.name(c),
                            c.typeName(), database);
                    continue;
                }
                throw new ConfigurationException("The codec " + UserCodec.name(c) + " is registered for "
                        + "PostgreSQL type '" + c.typeName() + "', which does not exist in database " + database
                        + "; create the type first (for an extension's type: CREATE EXTENSION, e.g. CREATE EXTENSION "
                        + UserCodec.simpleName(c.typeName()) + ") or remove the codec");
            }
            char delimiter = t == null ? c.arrayDelimiter() : (char) t[1];
            lastFirst.add(new UserCodec(c, t == null ? 0 : t[0], delimiter));
        }
        return lastFirst.isEmpty() ? BUILT_IN : new CodecRegistry(lastFirst);
    }

    /** Type name to {oid, typdelim} of every codec's type that exists (to_regtype resolves it per search_path). */
    private static Map<String, int[]> lookUp(List<Codec<?>> codecs, Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        for (Codec<?> c : codecs) {
            if (!names.contains(c.typeName())) {
                names.add(c.typeName());
            }
        }
        Map<String, int[]> out = new LinkedHashMap<>();
        String sql = "SELECT n, t.oid, t.typdelim FROM unnest(?::text[]) AS n "
                + "LEFT JOIN pg_catalog.pg_type t ON t.oid = pg_catalog.to_regtype(n)";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            Array array = connection.createArrayOf("text", names.toArray());
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long oid = rs.getLong(2);
                    if (!rs.wasNull()) {
                        String delim = rs.getString(3);
                        out.put(rs.getString(1), new int[] {(int) oid, delim == null || delim.isEmpty() ? ','
                                : delim.charAt(0)});
                    }
                }
            }
        }
        return out;
    }

    /**
     * Tells whether the registry holds user codecs.
     *
     * @return true if it does
     */
    public boolean hasUserCodecs() {
        return !user.isEmpty();
    }

    /**
     * Returns the codec of a Java class: the last user codec of that class or a superclass, else the built-in codec
     * of exactly that class; null when there is none (enums, records, arrays, collections are structures).
     *
     * @param c the class
     * @return the codec or null
     */
    public TypeCodec forClass(Class<?> c) {
        return byClass.get(c);
    }

    /**
     * Returns the user codec of a column type, or null.
     *
     * @param pgType the column's type name (not an array type)
     * @return the codec or null
     */
    public UserCodec forType(String pgType) {
        if (user.isEmpty() || pgType == null) {
            return null;
        }
        Object known = forTypeMemo.get(pgType);
        if (known == null) {
            UserCodec found = byType.get(UserCodec.simpleName(pgType));
            known = found != null ? found : NO_CODEC;
            if (forTypeMemo.size() < MAX_MEMO) {
                forTypeMemo.put(pgType, known);
            }
        }
        return known == NO_CODEC ? null : (UserCodec) known;
    }

    /**
     * Returns the Java type a column reads into when no target is given; a user codec's type first.
     *
     * @param pgType the type name
     * @return the natural type
     */
    public Type naturalType(String pgType) {
        if (user.isEmpty()) {
            return PgTypes.naturalType(pgType);
        }
        UserCodec u = forType(pgType);
        if (u != null) {
            return u.javaClass();
        }
        String element = pgType.startsWith("_") ? pgType.substring(1)
                : pgType.endsWith("[]") ? pgType.substring(0, pgType.length() - 2) : null;
        if (element != null && forType(element) != null) {
            return PgTypes.listOf(forType(element).javaClass());
        }
        return PgTypes.naturalType(pgType);
    }

    /**
     * Returns the array element delimiter of a type.
     *
     * @param elementPgType the element type name, or null when unknown
     * @param elementClass  the element's Java class, used when the type name is unknown
     * @return the delimiter
     */
    public char arrayDelimiter(String elementPgType, Class<?> elementClass) {
        if (!user.isEmpty()) {
            TypeCodec u = elementPgType != null ? forType(elementPgType) : null;
            if (u == null && elementPgType == null && elementClass != null && !elementClass.isPrimitive()) {
                TypeCodec c = forClass(elementClass);
                u = c instanceof UserCodec ? c : null;
            }
            if (u != null) {
                return u.arrayDelimiter();
            }
        }
        return PgTypes.arrayDelimiter(elementPgType, elementClass);
    }

    @Override
    public String toString() {
        return user.isEmpty() ? "CodecRegistry[built-in]" : "CodecRegistry" + user;
    }
}
