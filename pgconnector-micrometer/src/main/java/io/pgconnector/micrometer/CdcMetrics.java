package io.pgconnector.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.CdcListener;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.ChangeSource;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Micrometer meters for a {@link CdcListener}: events by table and operation, callback durations, retries, errors,
 * lag and state. Every meter has the tag {@code slot} (the listener's replication slot).
 *
 * <pre>{@code
 * CdcMetrics metrics = CdcMetrics.bind(listener, meterRegistry)
 *         .trackSlotLag(client);                        // optional: WAL bytes the slot is behind
 * listener.attach(Order.class, metrics.instrument(orderService), "public.orders");
 * listener.start();
 * }</pre>
 *
 * <p>Only services passed through {@link #instrument} are counted; detach them by the returned instance.
 */
public final class CdcMetrics {
    static final String EVENTS = "pgconnector.cdc.events";
    static final String CALLBACK = "pgconnector.cdc.callback";
    static final String RETRIES = "pgconnector.cdc.retries";
    static final String ERRORS = "pgconnector.cdc.errors";
    static final String LAG = "pgconnector.cdc.lag";
    static final String LAG_BYTES = "pgconnector.cdc.lag.bytes";
    static final String STATE = "pgconnector.cdc.state";

    private static final String SLOT_LAG_SQL = "SELECT (pg_current_wal_lsn() - confirmed_flush_lsn)::bigint "
            + "FROM pg_replication_slots WHERE slot_name = ?";

    private final CdcListener listener;
    private final MeterRegistry meters;
    private final Tags base;
    private final AtomicLong lastCommitToCallbackMillis = new AtomicLong(-1);
    private volatile PostgresClient lagClient;

    private CdcMetrics(CdcListener listener, MeterRegistry meters) {
        this.listener = listener;
        this.meters = meters;
        this.base = Tags.of("slot", listener.config().slotName());
        for (String state : new String[] {"running", "stopped", "failed"}) {
            Gauge.builder(STATE, this, m -> m.state().equals(state) ? 1 : 0)
                    .description("1 for the listener's current state, else 0")
                    .tags(base).tag("state", state).register(meters);
        }
        TimeGauge.builder(LAG, lastCommitToCallbackMillis, TimeUnit.MILLISECONDS, v -> Math.max(0, v.get()))
                .description("Time from a change's commit to its callback, for the latest streamed change")
                .tags(base).register(meters);
    }

    /**
     * Registers the state and lag meters of a listener.
     *
     * @param listener the listener
     * @param registry where the meters go
     * @return the metrics, to instrument services with
     */
    public static CdcMetrics bind(CdcListener listener, MeterRegistry registry) {
        return new CdcMetrics(Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(registry,
                "registry"));
    }

    /**
     * Registers the gauge {@code pgconnector.cdc.lag.bytes}: how many bytes of WAL the server has written past
     * the slot's confirmed position, read through the client when the gauge is read. The client's user needs to be
     * able to read {@code pg_replication_slots} (any user can).
     *
     * @param client a client of the listener's database
     * @return this
     */
    public CdcMetrics trackSlotLag(PostgresClient client) {
        this.lagClient = Objects.requireNonNull(client, "client");
        Gauge.builder(LAG_BYTES, this, m -> {
            OptionalLong bytes = m.lagBytes();
            return bytes.isPresent() ? bytes.getAsLong() : Double.NaN;
        }).description("WAL bytes the server has written past the slot's confirmed position")
                .baseUnit("bytes").tags(base).register(meters);
        return this;
    }

    /**
     * Returns the listener's state: {@code running}, {@code failed} or {@code stopped}.
     *
     * @return the state
     */
    public String state() {
        if (listener.isLive()) {
            return "running";
        }
        return listener.failure().isPresent() ? "failed" : "stopped";
    }

    /**
     * Returns the time from commit to callback of the latest streamed (not snapshot) change, if one came.
     *
     * @return the lag
     */
    public java.util.Optional<Duration> lag() {
        long ms = lastCommitToCallbackMillis.get();
        return ms < 0 ? java.util.Optional.empty() : java.util.Optional.of(Duration.ofMillis(ms));
    }

    /**
     * Reads how many bytes of WAL the slot is behind, through the client given to {@link #trackSlotLag}.
     *
     * @return the bytes, or empty without a client, when the slot does not exist or the server cannot be asked
     */
    public OptionalLong lagBytes() {
        PostgresClient client = lagClient;
        if (client == null || client.isClosed()) {
            return OptionalLong.empty();
        }
        try {
            Long bytes = client.query(Sql.of(SLOT_LAG_SQL, listener.config().slotName()), Long.class)
                    .findFirst().orElse(null);
            return bytes == null ? OptionalLong.empty() : OptionalLong.of(bytes);
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Returns a service that counts and times the callbacks of the given one and passes every call on.
     *
     * @param service the service
     * @param <T>     the row type
     * @return the measured service, to attach in its place
     */
    public <T> CdcService<T> instrument(CdcService<T> service) {
        return new Measured<>(Objects.requireNonNull(service, "service"));
    }

    private final class Measured<T> implements CdcService<T> {
        private final CdcService<T> service;
        // The dispatcher retries a change with the same ChangeSource instance: seeing it again means a retry.
        private ChangeSource lastFailed;

        Measured(CdcService<T> service) {
            this.service = service;
        }

        @Override
        public void onRead(T after, ChangeSource src) {
            measure(src, () -> service.onRead(after, src));
        }

        @Override
        public void onCreate(T after, ChangeSource src) {
            measure(src, () -> service.onCreate(after, src));
        }

        @Override
        public void onUpdate(T before, T after, ChangeSource src) {
            measure(src, () -> service.onUpdate(before, after, src));
        }

        @Override
        public void onDelete(T before, ChangeSource src) {
            measure(src, () -> service.onDelete(before, src));
        }

        @Override
        public void onTruncate(ChangeSource src) {
            measure(src, () -> service.onTruncate(src));
        }

        @Override
        public void onError(CdcException e) {
            String table = e.source() != null ? e.source().qualifiedTable() : "unknown";
            Counter.builder(ERRORS).description("Changes given up on (listener stopped, or skipped as configured)")
                    .tags(base).tag("table", table).register(meters).increment();
            service.onError(e);
        }

        private void measure(ChangeSource src, Runnable callback) {
            String table = src.qualifiedTable();
            String op = src.operation().name().toLowerCase(Locale.ROOT);
            if (src == lastFailed) {
                Counter.builder(RETRIES).description("Callback attempts that repeat a failed one")
                        .tags(base).tag("table", table).register(meters).increment();
            }
            long start = System.nanoTime();
            if (!src.snapshot() && src.commitTime() != null) {
                lastCommitToCallbackMillis.set(Math.max(0, Instant.now().toEpochMilli()
                        - src.commitTime().toEpochMilli()));
            }
            String outcome = "error";
            try {
                callback.run();
                outcome = "success";
                lastFailed = null;
                Counter.builder(EVENTS).description("Changes handled by a callback")
                        .tags(base).tag("table", table).tag("operation", op).register(meters).increment();
            } catch (RuntimeException | Error e) {
                lastFailed = src;
                throw e;
            } finally {
                Timer.builder(CALLBACK).description("Duration of CDC callbacks, each attempt")
                        .tags(base).tag("table", table).tag("operation", op).tag("outcome", outcome)
                        .register(meters).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        }
    }
}
