package io.pgconnector.reliability.support;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J provider whose loggers are enabled at every level: each event is handed to {@link LogCapture} and then
 * to slf4j-simple, which prints it only if {@code simplelogger.properties} allows (warn). So the suite scans debug
 * and trace output for secrets while its console stays quiet.
 */
public final class CapturingLogProvider implements SLF4JServiceProvider {
    private static volatile boolean active;

    private final SimpleServiceProvider printer = new SimpleServiceProvider();
    private ILoggerFactory factory;

    /** Used by SLF4J's service loader. */
    public CapturingLogProvider() {
    }

    static boolean isActive() {
        // Asking for a logger makes SLF4J initialise, and so choose a provider, if it has not yet.
        org.slf4j.LoggerFactory.getLogger(CapturingLogProvider.class);
        return active;
    }

    @Override
    public void initialize() {
        printer.initialize();
        ILoggerFactory simple = printer.getLoggerFactory();
        ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
        factory = name -> loggers.computeIfAbsent(name, n -> new CapturingLogger(n, simple.getLogger(n)));
        active = true;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return printer.getMarkerFactory();
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return printer.getMDCAdapter();
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    /** Enabled at every level; captures, then lets slf4j-simple decide what to print. */
    private static final class CapturingLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient Logger printer;

        CapturingLogger(String name, Logger printer) {
            this.name = name;
            this.printer = printer;
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                Throwable throwable) {
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            LogCapture.slf4j(name, level.name(), message, throwable);
            switch (level) {
                case ERROR -> printer.error(message, throwable);
                case WARN -> printer.warn(message, throwable);
                case INFO -> printer.info(message, throwable);
                case DEBUG -> printer.debug(message, throwable);
                default -> printer.trace(message, throwable);
            }
        }
    }
}
