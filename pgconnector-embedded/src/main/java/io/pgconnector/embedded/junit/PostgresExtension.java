package io.pgconnector.embedded.junit;

import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.EmbeddedStandby;
import io.pgconnector.embedded.PostgresDatabase;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JUnit Jupiter extension (5.10+ and 6.x) behind {@link WithPostgres}: resolves {@link EmbeddedPostgres} and
 * {@link PostgresDatabase} parameters. Servers are shared per attribute combination for the whole
 * run (stored in the root store and closed at its end); each test class gets its own database.
 * Safe for parallel test execution.
 */
public final class PostgresExtension implements ParameterResolver {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);
    private static final AtomicInteger DATABASE_COUNTER = new AtomicInteger();
    private static final Object SERVER_LOCK = new Object();
    private static final Object DATABASE_LOCK = new Object();

    /**
     * Creates the extension; used by JUnit.
     */
    public PostgresExtension() {
    }

    /**
     * Supports parameters of type {@link EmbeddedPostgres}, {@link PostgresDatabase} and
     * {@link EmbeddedStandby}.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context
     * @return whether the parameter is supported
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == EmbeddedPostgres.class || type == PostgresDatabase.class || type == EmbeddedStandby.class;
    }

    /**
     * Resolves the shared server, the test class's database or the test class's standby.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context
     * @return the server or database
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        try {
            if (type == EmbeddedStandby.class) {
                return standby(extensionContext);
            }
            return type == EmbeddedPostgres.class ? server(extensionContext) : database(extensionContext);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("Could not provide " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgres server(ExtensionContext context) {
        Options options = Options.of(findAnnotation(context));
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        // get + put under our own lock rather than the store's compute methods: their signatures differ between
        // JUnit 5.x and 6.x, while get and put are the same in every version from 5.0 on.
        synchronized (SERVER_LOCK) {
            ServerResource resource = root.get(options.key(), ServerResource.class);
            if (resource == null) {
                resource = new ServerResource(options.start());
                root.put(options.key(), resource);
            }
            return resource.server;
        }
    }

    private static PostgresDatabase database(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        EmbeddedPostgres server = server(classContext);
        Class<?> testClass = classContext.getRequiredTestClass();
        ExtensionContext.Store store = classContext.getStore(NAMESPACE);
        // The class context's own store: the key includes the class so a parent's entry is not found.
        String key = "database:" + testClass.getName();
        synchronized (DATABASE_LOCK) {
            DatabaseResource resource = store.get(key, DatabaseResource.class);
            if (resource == null) {
                resource = new DatabaseResource(server.createDatabase(databaseName(testClass)));
                store.put(key, resource);
            }
            return resource.database;
        }
    }

    private static EmbeddedStandby standby(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        if (!Options.of(findAnnotation(classContext)).standby()) {
            throw new IllegalStateException("EmbeddedStandby parameters need @WithPostgres(standby = true)");
        }
        EmbeddedPostgres server = server(classContext);
        String key = "standby:" + classContext.getRequiredTestClass().getName();
        synchronized (DATABASE_LOCK) {
            ExtensionContext.Store store = classContext.getStore(NAMESPACE);
            StandbyResource resource = store.get(key, StandbyResource.class);
            if (resource == null) {
                resource = new StandbyResource(server.startStandby());
                store.put(key, resource);
            }
            return resource.standby;
        }
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() || current.getTestClass().isEmpty()) {
            Optional<ExtensionContext> parent = current.getParent();
            if (parent.isEmpty()) {
                return context;
            }
            current = parent.get();
        }
        return current;
    }

    private static WithPostgres findAnnotation(ExtensionContext context) {
        Optional<Class<?>> type = context.getTestClass();
        while (type.isPresent()) {
            Optional<WithPostgres> annotation = AnnotationSupport.findAnnotation(type.get(), WithPostgres.class);
            if (annotation.isPresent()) {
                return annotation.get();
            }
            type = Optional.ofNullable(type.get().getEnclosingClass());
        }
        return null;
    }

    static String databaseName(Class<?> testClass) {
        String base = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
            base = "t_" + base;
        }
        if (base.length() > 48) {
            base = base.substring(0, 48);
        }
        return base + "_" + DATABASE_COUNTER.incrementAndGet();
    }

    /** The server attributes that select a shared server. */
    private record Options(boolean tls, boolean tlsRequired, boolean clientCertRequired, boolean logicalReplication,
                           String[] settings, boolean standby) {

        static Options of(WithPostgres annotation) {
            if (annotation == null) {
                return new Options(false, false, false, true, new String[0], false);
            }
            String[] settings = annotation.settings().clone();
            Arrays.sort(settings);
            return new Options(annotation.tls(), annotation.tlsRequired(), annotation.clientCertRequired(),
                    annotation.logicalReplication(), settings, annotation.standby());
        }

        String key() {
            return "server:tls=" + tls + ",tlsRequired=" + tlsRequired + ",clientCertRequired=" + clientCertRequired
                    + ",logicalReplication=" + logicalReplication + ",settings=" + Arrays.toString(settings)
                    + (standby ? ",standby" : "");
        }

        EmbeddedPostgres start() {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().tls(tls).tlsRequired(tlsRequired)
                    .clientCertRequired(clientCertRequired).logicalReplication(logicalReplication);
            for (String setting : settings) {
                int eq = setting.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("@WithPostgres settings must be name=value: '" + setting + "'");
                }
                builder.setting(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
            }
            return builder.start();
        }
    }

    /**
     * Closes the shared server when the root store is closed at the end of the run. JUnit before 5.13 closes only
     * {@code CloseableResource} values, 5.13 and later prefer {@code AutoCloseable} (and close a value once).
     */
    @SuppressWarnings("deprecation")
    private static final class ServerResource implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        private final EmbeddedPostgres server;

        ServerResource(EmbeddedPostgres server) {
            this.server = server;
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** Closes the test class's standby when the class's store is closed. */
    @SuppressWarnings("deprecation")
    private static final class StandbyResource implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        private final EmbeddedStandby standby;

        StandbyResource(EmbeddedStandby standby) {
            this.standby = standby;
        }

        @Override
        public void close() {
            standby.close();
        }
    }

    /** Drops the test class's database when the class's store is closed (see {@link ServerResource} on why both). */
    @SuppressWarnings("deprecation")
    private static final class DatabaseResource implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        private final PostgresDatabase database;

        DatabaseResource(PostgresDatabase database) {
            this.database = database;
        }

        @Override
        public void close() {
            EmbeddedPostgres server = database.server();
            if (!server.isRunning()) {
                return;
            }
            try (var c = server.dataSource("postgres").getConnection(); var s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS \"" + database.database() + "\" WITH (FORCE)");
            } catch (java.sql.SQLException e) {
                LOG.warn("Could not drop test database {}: {}", database.database(), e.getMessage());
            }
        }
    }
}
