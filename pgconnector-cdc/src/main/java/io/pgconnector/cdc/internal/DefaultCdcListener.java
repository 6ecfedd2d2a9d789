package io.pgconnector.cdc.internal;

import io.pgconnector.cdc.CdcConfig;
import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.CdcListener;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.CdcStatus;
import io.pgconnector.cdc.MessageService;
import io.pgconnector.cdc.TransactionalCdcService;
import io.pgconnector.types.PgLsn;
import io.pgconnector.cdc.OffsetStorage;
import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.mapping.internal.CodecRegistry;
import io.pgconnector.cdc.SnapshotMode;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The {@link CdcListener} on the Debezium embedded engine. */
public final class DefaultCdcListener implements CdcListener {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultCdcListener.class);
    private static final Pattern TABLE = Pattern.compile("[^.\\s]+(\\.[^.\\s]+)?");

    private final CdcConfig config;
    private final ConnectorMetrics metrics;
    private final Map<String, Route<?>> routes = new LinkedHashMap<>();
    private Route<?> catchAll;
    private final Map<String, MessageService> messageRoutes = new LinkedHashMap<>();
    private MessageService messagesCatchAll;
    private final TransactionalRoute.Current currentTx = new TransactionalRoute.Current();
    private volatile Run run;
    private volatile CdcException failure;
    private final Counters counters = new Counters();
    private static final long SLOT_WATCH_SECONDS = 5;

    /** One start-to-stop cycle of the engine. */
    private static final class Run {
        DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
        ExecutorService executor;
        java.util.concurrent.ScheduledExecutorService slotWatch;
        Dispatcher dispatcher;
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean stopRequested;
        volatile boolean taskStarted;
        volatile boolean started;
        volatile boolean closed;
        volatile String completionMessage;
        volatile Throwable completionError;
        volatile boolean completionSuccess;
        Map<String, Route<?>> routes;
        boolean catchAll;
    }

    /** The message services of one run. */
    private record MessageRoutes(Map<String, MessageService> byPrefix, MessageService catchAll) {
        MessageRoutes {
            byPrefix = Map.copyOf(byPrefix);
        }

        Map<String, Route<?>> routes() {
            Map<String, Route<?>> out = new LinkedHashMap<>();
            Map<MessageService, Route<?>> shared = new java.util.IdentityHashMap<>();
            byPrefix.forEach((p, s) -> out.put(p, shared.computeIfAbsent(s, ChangeDelivery::messageRoute)));
            return out;
        }

        Route<?> catchAllRoute() {
            return catchAll == null ? null : ChangeDelivery.messageRoute(catchAll);
        }
    }

    /**
     * Creates a stopped listener.
     *
     * @param config the settings
     */
    public DefaultCdcListener(CdcConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = new ConnectorMetrics(DebeziumProperties.topicPrefix(config));
    }

    @Override
    public synchronized <T> CdcListener attach(Class<T> rowType, CdcService<T> service, String... tables) {
        Objects.requireNonNull(service, "service");
        if (config.offsetStorage().kind() == OffsetStorage.Kind.TARGET) {
            throw new IllegalStateException("With OffsetStorage.target every service applies changes in the target "
                    + "transaction: attach it with attachTransactional (a TransactionalCdcService)");
        }
        return attachRoute(rowType, service, tables);
    }

    @Override
    public synchronized <T> CdcListener attachTransactional(Class<T> rowType, TransactionalCdcService<T> service,
            String... tables) {
        Objects.requireNonNull(service, "service");
        if (config.offsetStorage().kind() != OffsetStorage.Kind.TARGET) {
            throw new IllegalStateException("attachTransactional needs the offsets in the target database: set "
                    + "offsetStorage(OffsetStorage.target(targetClient, \"cdc_offsets\")) on the builder");
        }
        return attachRoute(rowType, new TransactionalRoute<>(service, currentTx), tables);
    }

    private <T> CdcListener attachRoute(Class<T> rowType, CdcService<T> service, String... tables) {
        Objects.requireNonNull(rowType, "rowType");
        requireStopped("attach");
        Route<T> route = new Route<>(rowType, service);
        if (tables.length == 0) {
            if (catchAll != null) {
                throw new IllegalStateException("A service for all tables is already attached ("
                        + catchAll.service().getClass().getName() + "); detach it first");
            }
            catchAll = route;
            return this;
        }
        Map<String, Route<?>> added = new LinkedHashMap<>();
        for (String t : tables) {
            String q = qualify(t);
            if (routes.containsKey(q) || added.containsKey(q)) {
                throw new IllegalStateException("Table " + q + " already has a service; one service per table");
            }
            added.put(q, route);
        }
        routes.putAll(added);
        return this;
    }

    @Override
    public synchronized CdcListener attachMessages(MessageService service, String... prefixes) {
        Objects.requireNonNull(service, "service");
        requireStopped("attach");
        if (config.offsetStorage().kind() == OffsetStorage.Kind.TARGET) {
            throw new IllegalStateException("Message services are not supported with OffsetStorage.target");
        }
        if (prefixes.length == 0) {
            if (messagesCatchAll != null) {
                throw new IllegalStateException("A message service for all prefixes is already attached; detach it "
                        + "first");
            }
            messagesCatchAll = service;
            return this;
        }
        Map<String, MessageService> added = new LinkedHashMap<>();
        for (String p : prefixes) {
            if (p == null || p.isEmpty() || p.contains(",")) {
                throw new IllegalArgumentException("A message prefix must be non-empty and without commas, was '"
                        + p + "'");
            }
            if (messageRoutes.containsKey(p) || added.containsKey(p)) {
                throw new IllegalStateException("Message prefix '" + p + "' already has a service; one service per "
                        + "prefix");
            }
            added.put(p, service);
        }
        messageRoutes.putAll(added);
        return this;
    }

    @Override
    public synchronized CdcListener detachMessages(MessageService service) {
        requireStopped("detach");
        messageRoutes.values().removeIf(s -> s == service);
        if (messagesCatchAll == service) {
            messagesCatchAll = null;
        }
        return this;
    }

    /**
     * Returns a table name as {@code schema.table} ({@code table} means {@code public.table}).
     *
     * @param table the table name
     * @return the qualified name
     * @throws IllegalArgumentException if the name is malformed
     */
    public static String qualify(String table) {
        Objects.requireNonNull(table, "table");
        String t = table.strip();
        if (!TABLE.matcher(t).matches()) {
            throw new IllegalArgumentException("A table is schema.table or table (for public.table), was '" + table
                    + "'");
        }
        return t.contains(".") ? t : "public." + t;
    }

    @Override
    public synchronized CdcListener detach(CdcService<?> service) {
        requireStopped("detach");
        routes.values().removeIf(r -> r.service() == service
                || r.service() instanceof TransactionalRoute<?> t && t.service() == (Object) service);
        if (catchAll != null && (catchAll.service() == service
                || catchAll.service() instanceof TransactionalRoute<?> t && t.service() == (Object) service)) {
            catchAll = null;
        }
        return this;
    }

    private void requireStopped(String what) {
        Run r = run;
        if (r != null && r.done.getCount() > 0) {
            throw new IllegalStateException("Cannot " + what + " while the listener is running; stop it first");
        }
    }

    @Override
    public void start() {
        java.util.List<String> initialSnapshot;
        Run r = new Run();
        Map<String, Route<?>> routesNow;
        Route<?> catchAllNow;
        MessageRoutes messagesNow;
        synchronized (this) {
            requireStopped("start");
            if (routes.isEmpty() && catchAll == null && messageRoutes.isEmpty() && messagesCatchAll == null) {
                throw new IllegalStateException("No service is attached: attach one (attach(rowType, service, "
                        + "tables...)) before start(); without one every change would be committed undelivered");
            }
            run = r;
            failure = null;
            routesNow = new LinkedHashMap<>(routes);
            catchAllNow = catchAll;
            messagesNow = new MessageRoutes(messageRoutes, messagesCatchAll);
        }
        EngineLogLevels.apply();
        try {
            Preflight.check(config, routesNow.keySet());
            prepareOffsetStorage();
            java.util.Properties engineProperties = DebeziumProperties.of(config, routesNow.keySet(),
                    catchAllNow != null, messagesNow.byPrefix().keySet(), messagesNow.catchAll() != null);
            TargetOffsets targetOffsets = null;
            if (config.offsetStorage().kind() == OffsetStorage.Kind.TARGET) {
                targetOffsets = new TargetOffsets(config.offsetStorage().table(), engineProperties);
                targetOffsets.prepare(config.offsetStorage().targetClient(), engineProperties);
            }
            SlotGuard.check(config, engineProperties);
            initialSnapshot = prepareSignals(engineProperties);
            r.routes = routesNow;
            r.catchAll = catchAllNow != null;
            if (config.signalTable() != null) {
                routesNow.put(config.signalTable(), Route.IGNORED); // signals and watermarks are not changes
            }
            r.dispatcher = new Dispatcher(routesNow, catchAllNow, messagesNow.routes(), messagesNow.catchAllRoute(),
                    config.retryPolicy(), config.eventErrorMode(), config.skippedOperations(),
                    () -> r.stopRequested, e -> halt(r, e), counters, config.deliveryThreads(),
                    "pgconnector-cdc-" + config.slotName() + "-delivery", config.columnMasks(),
                    codecRegistry());
            r.dispatcher.guardSnapshotProgress(() -> metrics.snapshot().running());
            if (targetOffsets != null) {
                r.dispatcher.deliverInto(config.offsetStorage().targetClient(), targetOffsets, currentTx);
            }
            r.engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                    .using(engineProperties)
                    .using((success, message, error) -> completed(r, success, message, error))
                    .using(new DebeziumEngine.ConnectorCallback() {
                        @Override
                        public void taskStarted() {
                            r.taskStarted = true;
                        }
                    })
                    .notifying(r.dispatcher)
                    .build();
            r.executor = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "pgconnector-cdc-" + config.slotName());
                t.setDaemon(true);
                return t;
            });
            r.executor.execute(r.engine);
        } catch (RuntimeException e) {
            if (r.dispatcher != null) {
                r.dispatcher.close();
            }
            r.done.countDown();
            throw e instanceof CdcException || e instanceof ConfigurationException ? e
                    : new CdcException("The CDC listener could not start: " + e, null, e);
        }
        awaitCapture(r);
        if (initialSnapshot != null) {
            try {
                Signals.send(config, true, initialSnapshot);
            } catch (CdcException e) {
                stopRun(r);
                throw e;
            }
            LOG.info("Incremental snapshot of {} signalled", initialSnapshot);
        }
        r.dispatcher.touch();
        r.started = true;
        if (SlotGuard.streams(config)) {
            watchSlot(r);
        } else {
            watchSnapshotEnd(r);
        }
        LOG.info("CDC listener on slot {} is capturing", config.slotName());
    }

    /**
     * The codecs of this listener: the built-in ones, or with the user's on top, their types looked up on the server
     * (a codec for a type that does not exist fails the start with a ConfigurationException).
     */
    private CodecRegistry codecRegistry() {
        if (config.codecs().isEmpty() && CodecRegistry.discovered().isEmpty()) {
            return CodecRegistry.BUILT_IN;
        }
        try (Connection c = Preflight.connect(config)) {
            return CodecRegistry.create(config.codecs(), c, config.database());
        } catch (SQLException e) {
            throw new CdcException("Could not look up the types of the codecs: " + e.getMessage(), e.getSQLState(),
                    e);
        }
    }

    /**
     * With a signal table: creates it if needed; with {@link SnapshotMode#INCREMENTAL}, returns the tables whose
     * initial snapshot this start must signal once capture runs (null when none: resumed, or already signalled).
     */
    private java.util.List<String> prepareSignals(java.util.Properties engineProperties) {
        if (config.signalTable() == null) {
            return null;
        }
        try (Connection c = Preflight.connect(config)) {
            Signals.prepare(c, config);
            if (config.snapshotMode() != SnapshotMode.INCREMENTAL) {
                return null;
            }
            java.util.List<String> tables = Signals.capturedTables(c, config, engineProperties);
            java.util.Optional<java.util.Map<String, Object>> offsets;
            try {
                offsets = new StoredOffsets(engineProperties).read();
            } catch (RuntimeException e) {
                throw new CdcException("SnapshotMode.INCREMENTAL needs to read the stored offsets before the start "
                        + "(to know whether the snapshot was begun), and could not: " + e, null, e);
            }
            return Signals.initialNeeded(c, config, offsets) && !tables.isEmpty() ? tables : null;
        } catch (SQLException e) {
            throw new CdcException("Preparing the signal table " + config.signalTable() + " failed: "
                    + e.getMessage(), e.getSQLState(), e);
        }
    }

    @Override
    public void snapshot(String... tables) {
        if (tables.length == 0) {
            throw new IllegalArgumentException("Name at least one table to snapshot");
        }
        if (config.signalTable() == null) {
            throw new IllegalStateException("snapshot(...) sends a signal through the signal table: configure "
                    + "signalTable(\"schema.table\") on the builder");
        }
        Run r = run;
        if (r == null || !r.started || r.stopRequested || r.done.getCount() == 0) {
            throw new IllegalStateException("snapshot(...) needs a running listener: start() it first");
        }
        java.util.List<String> qualified = new java.util.ArrayList<>();
        for (String t : tables) {
            String q = qualify(t);
            if (!r.catchAll && !r.routes.containsKey(q) || q.equals(config.signalTable())) {
                throw new IllegalArgumentException("Table " + q + " has no service: its rows would be read and "
                        + "dropped. Attach a service to it (or a catch-all service) first");
            }
            qualified.add(q);
        }
        Signals.send(config, false, qualified);
    }

    /**
     * Checks the slot every few seconds while running: Debezium, finding its slot invalidated after a reconnect, waits
     * for it forever, and finding it dropped, creates a new one and goes on past the gap. Neither may pass silently.
     */
    private void watchSlot(Run r) {
        watch(r, "pgconnector-cdc-slot-", TimeUnit.SECONDS.toMillis(SLOT_WATCH_SECONDS), () ->
                SlotGuard.lostWhileRunning(config, null).ifPresent(e -> {
                    LOG.error("{}", e.getMessage());
                    for (Route<?> route : r.dispatcher.routes()) {
                        r.dispatcher.notifyError(route, e);
                    }
                    r.slotWatch.shutdown();
                    halt(r, e);
                }));
    }

    /**
     * For a snapshot that does not stream (INITIAL_ONLY, or configuration-based without streaming): Debezium keeps
     * its task idling after the snapshot, so the listener stops itself once the snapshot is complete and every row
     * it scanned has been handled (then its offsets are committed and {@link #awaitTermination} returns).
     */
    private void watchSnapshotEnd(Run r) {
        watch(r, "pgconnector-cdc-snapshot-end-", 200, () -> {
            long scanned = metrics.snapshot().rowsScanned();
            if (scanned >= 0 && r.dispatcher.handledCount() >= scanned && r.dispatcher.idle()) {
                r.slotWatch.shutdown();
                LOG.info("CDC listener on slot {}: snapshot complete ({} rows) and no streaming configured; stopping",
                        config.slotName(), scanned);
                try {
                    stopRun(r);
                } catch (RuntimeException e) {
                    LOG.warn("CDC listener on slot {} did not stop cleanly after its snapshot: {}", config.slotName(),
                            e.getMessage());
                }
            }
        });
    }

    /**
     * Runs a check of a run at a fixed delay on its own daemon thread (the run's watch), until the run is stopped,
     * done or failed.
     */
    private void watch(Run r, String threadPrefix, long periodMillis, Runnable check) {
        r.slotWatch = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, threadPrefix + config.slotName());
            t.setDaemon(true);
            return t;
        });
        r.slotWatch.scheduleWithFixedDelay(() -> {
            if (r.stopRequested || r.done.getCount() == 0 || failure != null) {
                r.slotWatch.shutdown();
                return;
            }
            check.run();
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void awaitCapture(Run r) {
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        try {
            while (true) {
                if (r.done.getCount() == 0) {
                    r.executor.shutdown();
                    throw startFailure(r);
                }
                if (r.taskStarted && metrics.capturing()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    closeRun(r);
                    throw new CdcException("The CDC listener did not begin capturing within "
                            + config.startTimeout() + " (slot " + config.slotName() + "). Check the server's log "
                            + "and that the user may create the slot and publication; raise startTimeout if the "
                            + "server is slow.", null, null);
                }
                r.done.await(20, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeRun(r);
            throw new CdcException("Interrupted while starting the CDC listener", null, e);
        }
    }

    private CdcException startFailure(Run r) {
        Throwable e = r.completionError;
        StringBuilder causes = causes(e);
        String sqlState = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (sqlState == null && t instanceof SQLException) {
                sqlState = ((SQLException) t).getSQLState();
            }
        }
        String text = (r.completionMessage + " " + causes).toLowerCase(Locale.ROOT);
        String hint;
        if (text.contains("wal_level")) {
            hint = " Fix: set wal_level = logical (ALTER SYSTEM SET wal_level = logical) and restart the server.";
        } else if (text.contains("must be superuser") || text.contains("must be owner")
                || text.contains("permission denied") || text.contains("replication")
                        && text.contains("privilege")) {
            hint = " The user lacks a privilege: see the privileges per publication mode in docs/cdc.md.";
        } else if (text.contains("password authentication") || text.contains("authentication failed")) {
            hint = " Check the username and password.";
        } else {
            hint = "";
        }
        return new CdcException("The CDC connector could not start: " + r.completionMessage
                + (causes.length() > 0 ? " (" + causes + ")" : "") + "." + hint, sqlState, e);
    }

    /** The distinct messages of an exception and its causes: the root cause usually says what is wrong. */
    private static StringBuilder causes(Throwable e) {
        StringBuilder causes = new StringBuilder();
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null && causes.indexOf(t.getMessage()) < 0) {
                causes.append(causes.length() == 0 ? "" : "; ").append(t.getMessage());
            }
        }
        return causes;
    }

    private void completed(Run r, boolean success, String message, Throwable error) {
        r.completionSuccess = success;
        r.completionMessage = message;
        r.completionError = error;
        try {
            if (r.started && !r.stopRequested && !success && failure == null) {
                StringBuilder causes = causes(error);
                CdcException e = SlotGuard.lostWhileRunning(config, error).orElseGet(() -> new CdcException(
                        "The CDC engine stopped: " + message + (causes.length() > 0 ? " (" + causes + ")" : "")
                        + ". Start the listener again once the cause is fixed; delivery resumes after the last "
                        + "handled change.", null, error));
                failure = e;
                LOG.error("{}", e.getMessage());
                for (Route<?> route : r.dispatcher.routes()) {
                    r.dispatcher.notifyError(route, e);
                }
            }
        } finally {
            if (r.dispatcher != null) {
                r.dispatcher.close();
            }
            r.done.countDown();
        }
    }

    private void halt(Run r, CdcException e) {
        if (failure == null) {
            failure = e;
        }
        r.stopRequested = true;
        Thread t = new Thread(() -> {
            try {
                stopRun(r);
            } catch (RuntimeException ex) {
                LOG.warn("Stopping the CDC listener after a failure: {}", ex.toString());
            }
        }, "pgconnector-cdc-stop-" + config.slotName());
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void stop() {
        Run r = run;
        if (r == null) {
            return;
        }
        if (r.dispatcher != null && r.dispatcher.isDeliveryThread()) {
            // Closing the engine from its own delivery thread leaves streaming running: hand it over.
            halt(r, null);
            return;
        }
        stopRun(r);
    }

    @Override
    public void immediateStop() {
        Run r = run;
        if (r == null || r.done.getCount() == 0) {
            return;
        }
        r.stopRequested = true;
        if (r.dispatcher != null) {
            r.dispatcher.abort();
        }
        Thread t = new Thread(() -> {
            closeRun(r);
            if (r.executor != null) {
                r.executor.shutdown();
            }
        }, "pgconnector-cdc-stop-" + config.slotName());
        t.setDaemon(true);
        t.start();
    }

    private void stopRun(Run r) {
        closeRun(r);
        try {
            if (!r.done.await(config.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new CdcException("The CDC engine did not stop within " + config.stopTimeout(), null, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdcException("Interrupted while stopping the CDC listener", null, e);
        } finally {
            if (r.executor != null) {
                r.executor.shutdown();
            }
        }
        awaitSlotReleased(Duration.ofSeconds(5));
    }

    private void closeRun(Run r) {
        if (r.slotWatch != null) {
            r.slotWatch.shutdown();
        }
        synchronized (r) {
            r.stopRequested = true;
            if (r.closed || r.engine == null || r.done.getCount() == 0) {
                return;
            }
            r.closed = true;
        }
        try {
            r.engine.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Closing the CDC engine failed: {}", e.toString());
        }
    }

    /** The walsender ends a moment after the engine closed its connection; wait so a restart finds the slot free. */
    private void awaitSlotReleased(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        try (Connection c = Preflight.connect(config);
                PreparedStatement ps = c.prepareStatement(
                        "SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, config.slotName());
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Cannot check that slot {} was released: {}", config.slotName(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isLive() {
        Run r = run;
        if (r == null || !r.started || r.done.getCount() == 0 || r.stopRequested || failure != null) {
            return false;
        }
        Duration interval = config.livenessInterval();
        return interval.isZero() || System.nanoTime() - r.dispatcher.lastActivityNanos() < interval.toNanos();
    }

    @Override
    public Optional<CdcException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public CdcStatus status() {
        Run r = run;
        CdcException failed = failure;
        CdcStatus.State state;
        if (failed != null) {
            state = CdcStatus.State.FAILED;
        } else if (r == null || r.done.getCount() == 0 || r.stopRequested) {
            state = CdcStatus.State.STOPPED;
        } else if (!r.started) {
            state = CdcStatus.State.STARTING;
        } else {
            state = metrics.snapshot().running() ? CdcStatus.State.SNAPSHOTTING : CdcStatus.State.STREAMING;
        }
        PgLsn confirmed = null;
        long lagBytes = -1;
        try (Connection c = Preflight.connect(config);
                PreparedStatement ps = c.prepareStatement("SELECT confirmed_flush_lsn::text, CASE WHEN "
                        + "pg_is_in_recovery() THEN NULL ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), "
                        + "confirmed_flush_lsn)::bigint END FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, config.slotName());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    confirmed = rs.getString(1) == null ? null : PgLsn.parse(rs.getString(1));
                    long diff = rs.getLong(2);
                    lagBytes = rs.wasNull() ? -1 : Math.max(0, diff);
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Cannot read the position of slot {}: {}", config.slotName(), e.toString());
        }
        Instant lastCommit = counters.lastCommitTime();
        Optional<Duration> lag = lagBytes < 0 || lastCommit == null ? Optional.empty()
                : Optional.of(lagBytes == 0 ? Duration.ZERO
                        : Duration.between(lastCommit, Instant.now()).isNegative() ? Duration.ZERO
                        : Duration.between(lastCommit, Instant.now()));
        return new CdcStatus(state, config.slotName(), Optional.ofNullable(confirmed), lagBytes, lag,
                counters.delivered(), counters.retries(),
                Optional.ofNullable(failed != null ? failed : counters.lastError()));
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Run r = run;
        return r == null || r.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void dropSlotAndPublication() {
        requireStopped("drop the slot and publication");
        try (Connection c = Preflight.connect(config)) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT active, active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, config.slotName());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        throw new CdcException("Replication slot '" + config.slotName() + "' is in use by server "
                                + "process " + rs.getInt(2) + "; stop the listener using it first.", "55006", null);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_drop_replication_slot(slot_name) "
                    + "FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, config.slotName());
                ps.execute();
            }
            try (Statement st = c.createStatement()) {
                st.execute("DROP PUBLICATION IF EXISTS " + Preflight.quoteIdent(config.publicationName()));
            }
        } catch (SQLException e) {
            throw new CdcException("Cannot drop slot '" + config.slotName() + "' and publication '"
                    + config.publicationName() + "': " + e.getMessage()
                    + " (dropping a slot needs REPLICATION; a publication, its owner or a superuser)",
                    e.getSQLState(), e);
        }
    }

    @Override
    public CdcConfig config() {
        return config;
    }

    @Override
    public void close() {
        stop();
    }

    private void prepareOffsetStorage() {
        OffsetStorage os = config.offsetStorage();
        if (os.kind() == OffsetStorage.Kind.KAFKA) {
            KafkaOffsetCheck.check(os);
        }
        if (os.kind() == OffsetStorage.Kind.FILE) {
            Path parent = os.path().getParent();
            try {
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (IOException e) {
                throw new CdcException("Cannot create the folder for the offset file " + os.path() + ": " + e,
                        null, e);
            }
            AtomicFileOffsetBackingStore.check(os.path());
        }
    }

    @Override
    public String toString() {
        return "CdcListener[" + config + ", live=" + isLive() + "]";
    }
}
