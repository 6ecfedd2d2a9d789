package io.pgconnector.reliability.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Sees every line of log output the test JVM produces and looks for watched strings in it, as it streams past, so
 * a 30-second load test costs no memory. Three taps, installed once per JVM by {@link #install()}:
 * <ul>
 *   <li>SLF4J (HikariCP, pgconnector, the embedded server): every event at every level, through
 *   {@link CapturingLogProvider}, which is selected with {@code -Dslf4j.provider} in the module's POM;</li>
 *   <li>java.util.logging (pgjdbc logs there): a handler on the root logger, with {@code org.postgresql} turned up
 *   to {@code ALL} so that the driver's protocol trace is scanned too;</li>
 *   <li>{@code System.out} and {@code System.err}: tees, for anything printed directly (stack traces, slf4j-simple's
 *   own output).</li>
 * </ul>
 * Only matching lines are kept; everything else is counted and dropped.
 */
public final class LogCapture {
    private static final Map<String, ConcurrentLinkedQueue<String>> HITS = new ConcurrentHashMap<>();
    private static final AtomicLong LINES = new AtomicLong();
    private static final AtomicLong SLF4J_EVENTS = new AtomicLong();
    private static final AtomicLong JUL_RECORDS = new AtomicLong();
    private static final int KEPT_PER_STRING = 50;
    // JUL keeps loggers weakly: hold the configured one so its level is not lost to garbage collection.
    private static final Logger PGJDBC = Logger.getLogger("org.postgresql");
    private static boolean installed;

    private LogCapture() {
    }

    /** Installs the JUL handler and the stdout/stderr tees (idempotent) and checks that SLF4J is captured. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        PGJDBC.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(new JulTap());
        System.setOut(tee(System.out, "stdout"));
        System.setErr(tee(System.err, "stderr"));
        if (!CapturingLogProvider.isActive()) {
            throw new IllegalStateException("SLF4J is not using CapturingLogProvider: run with "
                    + "-Dslf4j.provider=" + CapturingLogProvider.class.getName() + " (the module's POM sets it)");
        }
    }

    /**
     * Starts looking for a string in every line from now on.
     *
     * @param s the string, such as a password
     */
    public static void watch(String s) {
        HITS.computeIfAbsent(s, k -> new ConcurrentLinkedQueue<>());
    }

    /**
     * Returns the lines (up to 50) that contained a watched string.
     *
     * @param s the watched string
     * @return the lines, prefixed with their source
     */
    public static List<String> hits(String s) {
        ConcurrentLinkedQueue<String> q = HITS.get(s);
        return q == null ? List.of() : List.copyOf(q);
    }

    /** @return how many lines were scanned so far */
    public static long lines() {
        return LINES.get();
    }

    /** @return how many SLF4J events were seen so far (any level) */
    public static long slf4jEvents() {
        return SLF4J_EVENTS.get();
    }

    /** @return how many java.util.logging records were seen so far (any level) */
    public static long julRecords() {
        return JUL_RECORDS.get();
    }

    static void slf4j(String loggerName, String level, String message, Throwable t) {
        SLF4J_EVENTS.incrementAndGet();
        scan("slf4j " + level + " " + loggerName, message, t);
    }

    private static void scan(String source, String message, Throwable t) {
        scanText(source, message);
        if (t != null) {
            StringWriter w = new StringWriter();
            t.printStackTrace(new PrintWriter(w));
            scanText(source, w.toString());
        }
    }

    private static void scanText(String source, String text) {
        if (text == null) {
            return;
        }
        for (String line : text.split("\n", -1)) {
            LINES.incrementAndGet();
            for (Map.Entry<String, ConcurrentLinkedQueue<String>> e : HITS.entrySet()) {
                if (line.contains(e.getKey()) && e.getValue().size() < KEPT_PER_STRING) {
                    e.getValue().add(source + ": " + line);
                }
            }
        }
    }

    private static PrintStream tee(PrintStream original, String source) {
        return new PrintStream(new Tee(original, source), true, StandardCharsets.UTF_8);
    }

    /** Forwards bytes to the original stream and scans them line by line. */
    private static final class Tee extends OutputStream {
        private final PrintStream original;
        private final String source;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Tee(PrintStream original, String source) {
            this.original = original;
            this.source = source;
        }

        @Override
        public synchronized void write(int b) {
            original.write(b);
            if (b == '\n') {
                flushLine();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            int start = off;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    line.write(b, start, i - start);
                    flushLine();
                    start = i + 1;
                }
            }
            line.write(b, start, off + len - start);
        }

        @Override
        public void flush() {
            original.flush();
        }

        private void flushLine() {
            scanText(source, line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
    }

    /** Scans every java.util.logging record, whatever its level. */
    private static final class JulTap extends Handler {
        private final SimpleFormatter formatter = new SimpleFormatter();

        JulTap() {
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            JUL_RECORDS.incrementAndGet();
            String message;
            try {
                message = formatter.formatMessage(record);
            } catch (RuntimeException e) {
                message = record.getMessage();
            }
            scan("jul " + record.getLevel() + " " + record.getLoggerName(), message, record.getThrown());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
