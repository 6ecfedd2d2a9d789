package io.pgconnector.cdc.internal;

import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps Debezium and Kafka Connect at WARN unless the application configured them. A listener's start and stop made
 * them print about 250 lines at INFO (each connector step, three Kafka configuration dumps with
 * {@code bootstrap.servers = [localhost:9092]}, the task's whole configuration), and none of it can be turned off
 * through the engine's own settings. SLF4J has no API to set a level, so this speaks to the binding it finds:
 * slf4j-simple, Logback, Log4j 2 and java.util.logging. A logger the application configured (a level set on
 * {@code io.debezium} or {@code org.apache.kafka} or a child of them) is left alone, and so is everything when
 * {@code -Dpgconnector.cdc.quietEngineLogs=false}. Other bindings are not touched.
 */
final class EngineLogLevels {
    /** The system property that turns this off. */
    static final String SWITCH = "pgconnector.cdc.quietEngineLogs";
    private static final List<String> ENGINE_LOGGERS = List.of("io.debezium", "org.apache.kafka");
    private static final Map<String, Object> KEPT = new ConcurrentHashMap<>();
    private static volatile boolean applied;

    private EngineLogLevels() {
    }

    /** Lowers the engine's loggers once per JVM, before the engine's classes create theirs. */
    static void apply() {
        if (applied || "false".equalsIgnoreCase(System.getProperty(SWITCH))) {
            return;
        }
        applied = true;
        String factory = LoggerFactory.getILoggerFactory().getClass().getName();
        for (String name : ENGINE_LOGGERS) {
            try {
                if (factory.equals("org.slf4j.simple.SimpleLoggerFactory")) {
                    simple(name);
                } else if (factory.equals("ch.qos.logback.classic.LoggerContext")) {
                    logback(name);
                } else if (factory.equals("org.apache.logging.slf4j.Log4jLoggerFactory")) {
                    log4j2(name);
                } else if (factory.equals("org.slf4j.jul.JDK14LoggerFactory")) {
                    jul(name);
                }
            } catch (IOException | ReflectiveOperationException | LinkageError | RuntimeException e) {
                LoggerFactory.getLogger(EngineLogLevels.class).debug("Could not quiet {}: {}", name, e.toString());
            }
        }
    }

    private static void simple(String name) throws IOException {
        String key = "org.slf4j.simpleLogger.log." + name;
        Properties file = new Properties();
        // Found the way slf4j-simple finds it.
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader != null ? loader.getResourceAsStream("simplelogger.properties")
                : ClassLoader.getSystemResourceAsStream("simplelogger.properties")) {
            if (in != null) {
                file.load(in);
            }
        }
        // slf4j-simple reads a logger's level when the logger is created, system property first.
        if (System.getProperty(key) == null && file.getProperty(key) == null) {
            System.setProperty(key, "warn");
        }
    }

    private static void logback(String name) throws ReflectiveOperationException {
        Object logger = LoggerFactory.getILoggerFactory().getClass().getMethod("getLogger", String.class)
                .invoke(LoggerFactory.getILoggerFactory(), name);
        if (logger.getClass().getMethod("getLevel").invoke(logger) == null) {
            Class<?> level = Class.forName("ch.qos.logback.classic.Level", true, logger.getClass().getClassLoader());
            logger.getClass().getMethod("setLevel", level).invoke(logger, level.getField("WARN").get(null));
        }
    }

    private static void log4j2(String name) throws ReflectiveOperationException {
        ClassLoader loader = LoggerFactory.getILoggerFactory().getClass().getClassLoader();
        Class<?> manager = Class.forName("org.apache.logging.log4j.LogManager", true, loader);
        Object context = manager.getMethod("getContext", boolean.class).invoke(null, false);
        Object configuration = context.getClass().getMethod("getConfiguration").invoke(context);
        Map<?, ?> configured = (Map<?, ?>) configuration.getClass().getMethod("getLoggers").invoke(configuration);
        if (!configured.containsKey(name)) {
            Class<?> level = Class.forName("org.apache.logging.log4j.Level", true, loader);
            Method setLevel = Class.forName("org.apache.logging.log4j.core.config.Configurator", true, loader)
                    .getMethod("setLevel", String.class, level);
            setLevel.invoke(null, name, level.getField("WARN").get(null));
        }
    }

    private static void jul(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        if (logger.getLevel() == null) {
            logger.setLevel(java.util.logging.Level.WARNING);
            // java.util.logging holds loggers weakly: keep it, or the level goes with the garbage.
            KEPT.put(name, logger);
        }
    }
}
