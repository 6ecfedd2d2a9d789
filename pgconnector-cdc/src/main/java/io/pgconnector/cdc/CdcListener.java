package io.pgconnector.cdc;

import io.pgconnector.client.TlsOptions;
import io.pgconnector.codec.Codec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Calls typed {@link CdcService}s for every row change of a PostgreSQL database, on the Debezium embedded engine
 * with the {@code pgoutput} plugin (no server extension needed).
 *
 * <pre>{@code
 * record Order(long id, String customer, BigDecimal total, OffsetDateTime placedAt) {}
 *
 * CdcListener listener = CdcListener.builder()
 *         .host("db.example.com").database("shop").username("cdc").password(secret)
 *         .slotName("shop_orders").publicationName("shop_orders")
 *         .offsetStorage(OffsetStorage.file(Path.of("/var/lib/shop/cdc.offsets")))
 *         .build();
 * listener.attach(Order.class, new CdcService<>() {
 *     public void onCreate(Order after, ChangeSource src) { search.index(after); }
 *     public void onUpdate(Order before, Order after, ChangeSource src) { search.index(after); }
 *     public void onDelete(Order before, ChangeSource src) { search.remove(before.id()); }
 * }, "public.orders");
 * listener.start();      // returns once capture runs, or throws CdcException
 * ...
 * listener.stop();       // commits handled positions, leaves the slot for the next start
 * }</pre>
 *
 * <p><b>Delivery</b>: at least once, nothing lost. A change's position is committed only after its callback returned
 * normally. A callback that throws is retried per the {@link RetryPolicy}; when the attempts are exhausted the
 * listener stops without committing that change, calls {@link CdcService#onError}, and exposes the error through
 * {@link #failure()} and {@link #awaitTermination(Duration)}. After the next {@link #start()} delivery resumes at the
 * first change not committed. After a crash, changes handled since the last commit (at most
 * {@link CdcConfig#offsetFlushInterval()} worth) are delivered again; {@link ChangeSource} lets consumers drop them.
 *
 * <p><b>Threads</b>: callbacks run one at a time on a listener thread, in commit order. {@link #attach} and
 * {@link #detach} are allowed only while stopped. A listener can be started again after {@link #stop()}.
 */
public interface CdcListener extends AutoCloseable {

    /**
     * Starts a builder with the defaults listed in {@link CdcConfig}.
     *
     * @return a builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Routes the changes of tables to a service. Tables are {@code schema.table} (or {@code table} for
     * {@code public.table}); with no table the service takes every table no other service is attached to. One
     * service per table.
     *
     * @param rowType the row type: a record, a class with a no-argument constructor, or {@code Map}
     * @param service the service
     * @param tables  the tables, or none for all others
     * @param <T>     the row type
     * @return this listener
     * @throws IllegalStateException    if the listener is running, or a table (or the catch-all) already has a
     *                                  service
     * @throws IllegalArgumentException if a table name is malformed
     */
    <T> CdcListener attach(Class<T> rowType, CdcService<T> service, String... tables);

    /**
     * Removes a service from every table it was attached to. Changes of those tables are then committed without a
     * callback (or go to the catch-all service).
     *
     * @param service the service
     * @return this listener
     * @throws IllegalStateException if the listener is running
     */
    CdcListener detach(CdcService<?> service);

    /**
     * Routes the changes of tables to a {@link TransactionalCdcService}, whose callbacks write to the target database
     * of {@link OffsetStorage#target} in the transaction that also stores the position: effectively-once delivery.
     * Needs {@link CdcListener.Builder#offsetStorage(OffsetStorage)} set to {@link OffsetStorage#target}; with it,
     * every service must be attached this way. Tables as in {@link #attach}.
     *
     * @param rowType the row type
     * @param service the service
     * @param tables  the tables, or none for all others
     * @param <T>     the row type
     * @return this listener
     * @throws IllegalStateException    if the listener is running, a table already has a service, or the offset
     *                                  storage is not {@link OffsetStorage#target}
     * @throws IllegalArgumentException if a table name is malformed
     */
    <T> CdcListener attachTransactional(Class<T> rowType, TransactionalCdcService<T> service, String... tables);

    /**
     * Routes logical decoding messages ({@code pg_logical_emit_message}) to a service by their exact prefix; with no
     * prefix the service takes every prefix no other message service is attached to. One service per prefix. The
     * connector is asked only for the attached prefixes (none: no messages at all). Messages need PostgreSQL 14 or
     * later.
     *
     * @param service  the service
     * @param prefixes the prefixes, or none for all others
     * @return this listener
     * @throws IllegalStateException    if the listener is running, or a prefix (or the catch-all) already has a
     *                                  service
     * @throws IllegalArgumentException if a prefix is empty
     */
    CdcListener attachMessages(MessageService service, String... prefixes);

    /**
     * Removes a message service from every prefix it was attached to.
     *
     * @param service the service
     * @return this listener
     * @throws IllegalStateException if the listener is running
     */
    CdcListener detachMessages(MessageService service);

    /**
     * Starts capturing: checks the server (logical replication, privileges, tables), then starts the engine and
     * returns once the connector is capturing (snapshotting or streaming; changes committed after this returns are
     * delivered). Fails within {@link CdcConfig#startTimeout()}.
     *
     * @throws CdcException          if the server is not set up for logical replication, a privilege is missing, the
     *                               credentials are wrong, an attached table does not exist, or the engine failed or
     *                               timed out; the message says how to fix it
     * @throws IllegalStateException if already running, or if no service is attached (changes would be committed
     *                               without being delivered to anyone)
     */
    void start();

    /**
     * Stops capturing: the engine finishes the current batch, commits the positions of handled changes, and
     * releases the replication slot (left on the server, inactive, for the next start). Does nothing when stopped.
     * Called from inside a callback, it only requests the stop (which completes once the callback returned) and
     * returns at once.
     *
     * @throws CdcException if the engine did not stop within {@link CdcConfig#stopTimeout()}
     */
    void stop();

    /**
     * Stops capturing at once, without the graceful steps of {@link #stop()}: the callback in progress (if any) is
     * interrupted and its change is not marked handled, no further callback runs, and this method returns without
     * waiting for the engine to close. Positions of changes handled since the last periodic commit may not be
     * committed: they are delivered again after the next start (at least once still holds). Use
     * {@link #awaitTermination(Duration)} to wait until the listener can be started again.
     */
    void immediateStop();

    /**
     * Tells whether the listener is running, has not failed, and (when {@link CdcConfig#livenessInterval()} is set)
     * has seen a change or a heartbeat within that interval. A listener whose server went away, or whose callback is
     * stuck, turns not live once the interval has passed without any sign of progress, and live again when events or
     * heartbeats arrive. Meant for liveness probes.
     *
     * @return true while capturing and making progress
     */
    boolean isLive();

    /**
     * Returns the error that stopped the listener, if any (cleared by the next {@link #start()}).
     *
     * @return the failure
     */
    Optional<CdcException> failure();

    /**
     * Returns the listener's health in one place: its state, the slot's confirmed position and lag (read from the
     * server now, with one short query), the changes delivered, the callback retries and the last error.
     *
     * @return the status; never throws, also when the server is unreachable
     */
    CdcStatus status();

    /**
     * Waits until the listener has stopped (by {@link #stop()}, by a failure, or at the end of an
     * {@link SnapshotMode#INITIAL_ONLY} snapshot).
     *
     * @param timeout the longest wait
     * @return true if stopped, false if the wait timed out
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /**
     * Drops the replication slot and the publication from the server. Do this when the listener is retired, or
     * after a crashed process left the slot holding WAL: a slot nobody reads keeps the server from removing WAL
     * files. The next start creates them again (and, with no stored offsets, takes a new snapshot). The stored
     * offsets are not touched.
     *
     * @throws IllegalStateException if the listener is running
     * @throws CdcException          if the slot is in use by another process or the user may not drop them
     */
    void dropSlotAndPublication();

    /**
     * Reads the current rows of tables again while changes keep streaming: an incremental snapshot (Debezium's
     * {@code execute-snapshot} signal, written to the {@link Builder#signalTable(String) signal table}). Every row
     * arrives through {@code onRead}, in chunks by primary key, interleaved with the streamed changes; its progress is
     * committed with the offsets, so it survives a restart. Returns once the signal is written; the reads follow.
     *
     * @param tables the tables, {@code schema.table} or {@code table} (for {@code public.table}); each must be
     *               captured and have a service (or a catch-all service must be attached)
     * @throws IllegalStateException    if the listener is not running or has no signal table
     * @throws IllegalArgumentException if no table is given, a name is malformed, or a table has no service
     * @throws CdcException             if the signal cannot be written (say, no {@code INSERT} on the signal table)
     */
    void snapshot(String... tables);

    /**
     * Returns the settings.
     *
     * @return the settings
     */
    CdcConfig config();

    /** Same as {@link #stop()}. */
    @Override
    void close();

    /** Builds a {@link CdcListener}; the settings are checked by {@link #build()}. */
    final class Builder implements Cloneable {
        private static final Pattern SLOT = Pattern.compile("[a-z0-9_]{1,63}");
        private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

        String host = "localhost";
        int port = 5432;
        String database = "postgres";
        String username = "postgres";
        String password;
        TlsOptions tls = TlsOptions.defaults();
        List<String> includeTables = List.of();
        List<String> excludeTables = List.of();
        List<String> includeSchemas = List.of();
        List<String> excludeSchemas = List.of();
        List<String> includeColumns = List.of();
        List<String> excludeColumns = List.of();
        SnapshotMode snapshotMode = SnapshotMode.INITIAL;
        String slotName = "pgconnector";
        String publicationName = "pgconnector";
        PublicationAutoCreateMode publicationAutoCreateMode = PublicationAutoCreateMode.ALL_TABLES;
        Duration heartbeatInterval = Duration.ofSeconds(10);
        Duration livenessInterval = Duration.ZERO;
        OffsetStorage offsetStorage;
        Duration offsetFlushInterval = Duration.ofSeconds(1);
        Set<Operation> skippedOperations = Set.of();
        int maxBatchSize = 2048;
        int maxQueueSize = 8192;
        Duration pollInterval = Duration.ofMillis(10);
        RetryPolicy retryPolicy = RetryPolicy.defaults();
        EventErrorMode eventErrorMode = EventErrorMode.STOP;
        Duration startTimeout = Duration.ofSeconds(60);
        Duration stopTimeout = Duration.ofSeconds(30);
        Map<String, String> debeziumProperties = Map.of();
        List<Codec<?>> codecs = List.of();
        List<ColumnMask> columnMasks = List.of();
        String heartbeatActionQuery;
        Duration statusUpdateInterval = Duration.ofSeconds(1);
        LsnFlushMode lsnFlushMode = LsnFlushMode.CONNECTOR;
        Map<String, String> slotStreamParams = Map.of();
        int reconnectAttempts = -1;
        Duration reconnectBackoff = Duration.ofSeconds(2);
        Duration queryTimeout = Duration.ofMinutes(10);
        boolean skipMessagesWithoutChange;
        long maxQueueSizeInBytes;
        Boolean snapshotData;
        Boolean snapshotThenStream;
        SlotLossPolicy slotLossPolicy = SlotLossPolicy.FAIL;
        boolean failoverSlot;
        String signalTable;
        int incrementalSnapshotChunkSize = 1024;
        java.nio.file.Path signalFile;
        int deliveryThreads = 1;

        Builder() {
        }

        /**
         * Sets the server host.
         *
         * @param host the host name or address
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * Sets the server port.
         *
         * @param port the port, 1 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Sets the database to capture.
         *
         * @param database the database name
         * @return this builder
         */
        public Builder database(String database) {
            this.database = Objects.requireNonNull(database, "database");
            return this;
        }

        /**
         * Sets the user: it needs the {@code REPLICATION} attribute (or superuser) and {@code SELECT} on the
         * captured tables, plus what the {@link PublicationAutoCreateMode} needs.
         *
         * @param username the user
         * @return this builder
         */
        public Builder username(String username) {
            this.username = Objects.requireNonNull(username, "username");
            return this;
        }

        /**
         * Sets the password (never logged or shown).
         *
         * @param password the password, or null
         * @return this builder
         */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /**
         * Sets TLS; the same {@link TlsOptions} as the client's.
         *
         * @param tls the TLS settings
         * @return this builder
         */
        public Builder tls(TlsOptions tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * Captures only tables matching these regular expressions (against {@code schema.table}).
         *
         * @param patterns the patterns, e.g. {@code public.orders}, {@code sales\\..*}
         * @return this builder
         */
        public Builder includeTables(String... patterns) {
            includeTables = append(includeTables, Arrays.asList(patterns));
            return this;
        }

        /**
         * Captures all tables but those matching these regular expressions.
         *
         * @param patterns the patterns
         * @return this builder
         */
        public Builder excludeTables(String... patterns) {
            excludeTables = append(excludeTables, Arrays.asList(patterns));
            return this;
        }

        /**
         * Captures only schemas matching these regular expressions.
         *
         * @param patterns the patterns
         * @return this builder
         */
        public Builder includeSchemas(String... patterns) {
            includeSchemas = append(includeSchemas, Arrays.asList(patterns));
            return this;
        }

        /**
         * Captures all schemas but those matching these regular expressions.
         *
         * @param patterns the patterns
         * @return this builder
         */
        public Builder excludeSchemas(String... patterns) {
            excludeSchemas = append(excludeSchemas, Arrays.asList(patterns));
            return this;
        }

        /**
         * Delivers only columns matching these regular expressions (against {@code schema.table.column}); the other
         * fields of a row are absent (a record component without its column fails to map: use a smaller record or
         * a {@code Map}).
         *
         * @param patterns the patterns
         * @return this builder
         */
        public Builder includeColumns(String... patterns) {
            includeColumns = append(includeColumns, Arrays.asList(patterns));
            return this;
        }

        /**
         * Leaves out columns matching these regular expressions (against {@code schema.table.column}).
         *
         * @param patterns the patterns
         * @return this builder
         */
        public Builder excludeColumns(String... patterns) {
            excludeColumns = append(excludeColumns, Arrays.asList(patterns));
            return this;
        }

        /**
         * Sets the snapshot mode.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder snapshotMode(SnapshotMode mode) {
            this.snapshotMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the replication slot name: lower-case letters, digits and {@code _}, at most 63. One slot per
         * listener; two listeners must not share one.
         *
         * @param slotName the slot name
         * @return this builder
         */
        public Builder slotName(String slotName) {
            this.slotName = Objects.requireNonNull(slotName, "slotName");
            return this;
        }

        /**
         * Sets the publication name.
         *
         * @param publicationName the publication name
         * @return this builder
         */
        public Builder publicationName(String publicationName) {
            this.publicationName = Objects.requireNonNull(publicationName, "publicationName");
            return this;
        }

        /**
         * Sets whether and how the publication is created.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder publicationAutoCreateMode(PublicationAutoCreateMode mode) {
            this.publicationAutoCreateMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the heartbeat interval; {@link Duration#ZERO} turns heartbeats off (then an idle captured database
         * keeps WAL on the server until its next change).
         *
         * @param interval the interval, zero or at least 1 ms
         * @return this builder
         */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * Sets the liveness interval: {@link CdcListener#isLive()} turns false when no change and no heartbeat has
         * arrived for this long (a lost server, a stuck callback), and true again when they resume. It must be longer
         * than the heartbeat interval, so that an idle but healthy listener stays live; three heartbeats or more
         * is a good choice (60 s with the default 10 s heartbeat). {@link Duration#ZERO} (the default) turns stall
         * detection off: live then means running and not failed.
         *
         * @param interval the interval, zero or longer than {@link #heartbeatInterval(Duration)}
         * @return this builder
         */
        public Builder livenessInterval(Duration interval) {
            this.livenessInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * Sets where handled positions are stored.
         *
         * @param storage the storage
         * @return this builder
         */
        public Builder offsetStorage(OffsetStorage storage) {
            this.offsetStorage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /**
         * Sets how often handled positions are committed.
         *
         * @param interval the interval, at least 1 ms
         * @return this builder
         */
        public Builder offsetFlushInterval(Duration interval) {
            this.offsetFlushInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * Never delivers these operations (their positions are committed as if handled).
         *
         * @param operations the operations to skip
         * @return this builder
         */
        public Builder skippedOperations(Operation... operations) {
            Set<Operation> skipped = EnumSet.noneOf(Operation.class);
            skipped.addAll(Arrays.asList(operations));
            skippedOperations = Collections.unmodifiableSet(skipped);
            return this;
        }

        /**
         * Sets the largest batch the engine hands over at once.
         *
         * @param size the size, at least 1
         * @return this builder
         */
        public Builder maxBatchSize(int size) {
            this.maxBatchSize = size;
            return this;
        }

        /**
         * Sets the engine's queue size (larger than the batch size).
         *
         * @param size the size
         * @return this builder
         */
        public Builder maxQueueSize(int size) {
            this.maxQueueSize = size;
            return this;
        }

        /**
         * Sets how long the engine waits for more changes before handing over a batch.
         *
         * @param interval the interval, at least 1 ms
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * Sets what {@link #start()} does when the replication slot is lost (invalidated by the server, or gone while
         * the stored offsets record a position in it): {@link SlotLossPolicy#FAIL} (the default) or
         * {@link SlotLossPolicy#RESNAPSHOT}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder slotLossPolicy(SlotLossPolicy policy) {
            this.slotLossPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Creates the replication slot as a failover slot (PostgreSQL 17+, Debezium's {@code slot.failover}), so that
         * a standby with {@code sync_replication_slots = on} keeps a copy and the listener resumes from it on the
         * promoted standby. An existing slot without failover is converted at start. Default false; on servers
         * older than 17, {@code start()} fails with a {@link CdcException}.
         *
         * @param failover whether the slot is a failover slot
         * @return this builder
         */
        public Builder failoverSlot(boolean failover) {
            this.failoverSlot = failover;
            return this;
        }

        /**
         * Turns on Debezium's signalling through a table ({@code signal.data.collection}, source channel): the
         * listener writes a row there to start an incremental snapshot ({@link SnapshotMode#INCREMENTAL},
         * {@link CdcListener#snapshot(String...)}), and the connector writes its chunk watermarks there. The table
         * is created at start when it does not exist ({@code id text PRIMARY KEY, type text NOT NULL, data text}),
         * which needs {@code CREATE} on its schema; the user needs {@code SELECT} and {@code INSERT} on it, and the
         * publication must include it (it does with {@link PublicationAutoCreateMode#ALL_TABLES}). Its changes are
         * never delivered to a service.
         *
         * @param table the table, {@code schema.table} or {@code table} (for {@code public.table})
         * @return this builder
         */
        public Builder signalTable(String table) {
            this.signalTable = Implementations.qualify(Objects.requireNonNull(table, "table"));
            return this;
        }

        /**
         * Also reads signals from a file ({@code signal.enabled.channels=source,file}, {@code signal.file}): a line
         * of JSON per signal, as Debezium's file channel reads them, for operators who cannot write to the database,
         * for example {@code {"id":"s1","type":"execute-snapshot","data":{"data-collections":["public.orders"],
         * "type":"incremental"}}}. The connector reads new lines at every poll. Incremental snapshots still keep their
         * chunk watermarks in the {@link #signalTable(String) signal table}, so one must be set too.
         *
         * @param file the signal file; it need not exist yet
         * @return this builder
         */
        public Builder signalFile(java.nio.file.Path file) {
            this.signalFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Sets how many rows an incremental snapshot reads per chunk ({@code incremental.snapshot.chunk.size}).
         * Larger chunks read faster; after a crash, up to about one chunk is delivered again.
         *
         * @param rows the rows per chunk, at least 1 (default 1024)
         * @return this builder
         */
        public Builder incrementalSnapshotChunkSize(int rows) {
            this.incrementalSnapshotChunkSize = rows;
            return this;
        }

        /**
         * Sets what happens when a callback throws.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets what happens to a change that cannot be delivered (a row that does not map, a callback that still
         * throws after the retries): {@link EventErrorMode#STOP} (the default) stops the listener without
         * committing it; {@link EventErrorMode#REPORT_AND_CONTINUE} reports it to {@code onError}, with the change
         * as JSON in {@link CdcException#eventJson()}, and goes on.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder eventErrorMode(EventErrorMode mode) {
            this.eventErrorMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the longest time {@link CdcListener#start()} waits for capture to begin.
         *
         * @param timeout the timeout, positive
         * @return this builder
         */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Sets the longest time {@link CdcListener#stop()} waits for the engine to stop.
         *
         * @param timeout the timeout, positive
         * @return this builder
         */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Hides or shortens the values of chosen text columns before they reach the services (adds to earlier
         * masks).
         *
         * @param masks the masks
         * @return this builder
         */
        public Builder columnMasks(ColumnMask... masks) {
            List<ColumnMask> added = new ArrayList<>();
            for (ColumnMask m : masks) {
                added.add(Objects.requireNonNull(m, "mask"));
            }
            columnMasks = append(columnMasks, added);
            return this;
        }

        /**
         * Sets a statement the connector runs on the captured database at every heartbeat, such as
         * {@code INSERT INTO cdc_heartbeat(at) VALUES (now()) ON CONFLICT (id) DO UPDATE SET at = now()}: on a
         * table in the publication, it gives a completely idle database a change to confirm, so the slot's
         * position advances and the server recycles WAL. Needs heartbeats on.
         *
         * @param sql the statement, or null for none (the default)
         * @return this builder
         */
        public Builder heartbeatActionQuery(String sql) {
            this.heartbeatActionQuery = sql;
            return this;
        }

        /**
         * Sets how often the replication connection reports its position to the server (visible in
         * {@code pg_stat_replication.reply_time}).
         *
         * @param interval the interval, at least 1 ms (default 1 s)
         * @return this builder
         */
        public Builder statusUpdateInterval(Duration interval) {
            this.statusUpdateInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * Sets who confirms the slot's position to the server.
         *
         * @param mode the mode (default {@link LsnFlushMode#CONNECTOR})
         * @return this builder
         */
        public Builder lsnFlushMode(LsnFlushMode mode) {
            this.lsnFlushMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Adds an option passed to the {@code pgoutput} plugin when streaming starts (for example {@code origin}
         * {@code none} on PostgreSQL 16+, to leave out changes that came from another server by logical
         * replication). An option the plugin does not know fails {@code start()}.
         *
         * @param name  the option name
         * @param value the value
         * @return this builder
         */
        public Builder slotStreamParam(String name, String value) {
            slotStreamParams = put(slotStreamParams, Objects.requireNonNull(name, "name"),
                    Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets how the engine reconnects after it lost its connection (a server restart, a network failure): how many
         * times it tries again before the listener fails (then {@link CdcListener#failure()} says why), and the pause
         * before each attempt.
         *
         * @param attempts the attempts; -1 (the default) for no limit, 0 to fail at the first lost connection
         * @param backoff  the pause before each attempt, at least 1 ms (default 2 s)
         * @return this builder
         */
        public Builder reconnect(int attempts, Duration backoff) {
            this.reconnectAttempts = attempts;
            this.reconnectBackoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * Sets the longest time a query of the connector (the snapshot, catalog reads) may run.
         *
         * @param timeout the timeout; {@link Duration#ZERO} for none (default 10 min)
         * @return this builder
         */
        public Builder queryTimeout(Duration timeout) {
            this.queryTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Leaves out updates that change none of the captured columns (an {@code UPDATE ... SET x = x}, or one that
         * changes only excluded columns). Needs {@code REPLICA IDENTITY FULL} on the table, since the comparison
         * needs the old row.
         *
         * @param skip whether to skip them (default false)
         * @return this builder
         */
        public Builder skipMessagesWithoutChange(boolean skip) {
            this.skipMessagesWithoutChange = skip;
            return this;
        }

        /**
         * Bounds the engine's queue by memory as well as by {@link #maxQueueSize(int)}: useful when rows are large.
         *
         * @param bytes the bound; 0 (the default) for none
         * @return this builder
         */
        public Builder maxQueueSizeInBytes(long bytes) {
            this.maxQueueSizeInBytes = bytes;
            return this;
        }

        /**
         * Chooses {@link SnapshotMode#CONFIGURATION_BASED}: whether the existing rows are read at the first start,
         * and whether changes are streamed afterwards (if not, the listener stops after the snapshot).
         *
         * @param snapshotData whether to read the existing rows
         * @param thenStream   whether to stream changes afterwards
         * @return this builder
         */
        public Builder configurationBasedSnapshot(boolean snapshotData, boolean thenStream) {
            this.snapshotMode = SnapshotMode.CONFIGURATION_BASED;
            this.snapshotData = snapshotData;
            this.snapshotThenStream = thenStream;
            return this;
        }

        /**
         * Sets a raw Debezium property, applied after every other setting (so it wins). For settings this builder
         * does not cover; setting a converter-related property (such as {@code decimal.handling.mode}) may make
         * rows unmappable.
         *
         * @param name  the property name
         * @param value the value
         * @return this builder
         */
        public Builder debeziumProperty(String name, String value) {
            debeziumProperties = put(debeziumProperties, Objects.requireNonNull(name, "name"),
                    Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Delivers changes on this many threads (default 1: one at a time, in commit order). With more, changes of
         * the same row (same table and primary key; for a table without a primary key, of the same table) still
         * arrive one at a time in commit order, always on one thread at a time, while changes of different rows run
         * in parallel: use it when callbacks wait on I/O. Messages of one prefix keep their order too. A truncate
         * is a barrier: it is delivered alone, after every earlier change was handled and before any later one.
         * Positions are committed only up to the first change not yet handled, so a crash skips nothing. Not
         * allowed with {@link OffsetStorage#target}.
         *
         * @param threads the number of delivery threads, 1 to 256
         * @return this builder
         */
        public Builder deliveryThreads(int threads) {
            this.deliveryThreads = threads;
            return this;
        }

        /**
         * Registers a codec for a PostgreSQL type the client does not know (an extension's type such as
         * {@code hstore}), so that change event fields of that type arrive in its Java type. The last registration
         * of a type or a Java class wins. {@code start()} looks the type up and fails with a
         * {@code ConfigurationException} naming the codec and the type if it does not exist.
         *
         * @param codec the codec
         * @return this builder
         * @throws io.pgconnector.errors.ConfigurationException if the codec has no type name or Java class
         */
        public Builder codec(Codec<?> codec) {
            codecs = append(codecs, List.of(Implementations.checkCodec(codec)));
            return this;
        }

        /**
         * Registers several codecs at once, after those registered before.
         *
         * @param codecs the codecs
         * @return this builder
         * @throws io.pgconnector.errors.ConfigurationException if a codec is not valid or two of them are for the
         *                                                       same Java class; then none is registered
         */
        public Builder codecs(Collection<? extends Codec<?>> codecs) {
            this.codecs = append(this.codecs, Implementations.checkCodecs(codecs));
            return this;
        }

        /**
         * Checks the settings and creates the listener (stopped; nothing is contacted yet).
         *
         * @return the listener
         * @throws IllegalArgumentException if a setting is invalid
         */
        public CdcListener build() {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
            }
            if (!SLOT.matcher(slotName).matches()) {
                throw new IllegalArgumentException("slotName must be 1 to 63 lower-case letters, digits or _, was '"
                        + slotName + "'");
            }
            if (!IDENT.matcher(publicationName).matches()) {
                throw new IllegalArgumentException("publicationName must be a plain identifier, was '"
                        + publicationName + "'");
            }
            exclusive("tables", includeTables, excludeTables);
            exclusive("schemas", includeSchemas, excludeSchemas);
            exclusive("columns", includeColumns, excludeColumns);
            for (List<String> l : List.of(includeTables, excludeTables, includeSchemas, excludeSchemas,
                    includeColumns, excludeColumns)) {
                for (String p : l) {
                    if (p == null || p.isBlank() || p.contains(",")) {
                        throw new IllegalArgumentException("Include/exclude patterns must be non-blank regular "
                                + "expressions without commas (pass several patterns instead), was '" + p + "'");
                    }
                    Pattern.compile(p);
                }
            }
            nonNegative("heartbeatInterval", heartbeatInterval, true);
            nonNegative("livenessInterval", livenessInterval, true);
            if (!livenessInterval.isZero() && (heartbeatInterval.isZero()
                    || livenessInterval.compareTo(heartbeatInterval) <= 0)) {
                throw new IllegalArgumentException("livenessInterval (" + livenessInterval + ") must be longer than "
                        + "heartbeatInterval (" + heartbeatInterval + "), with heartbeats on: an idle listener is "
                        + "known to be alive only by its heartbeats");
            }
            nonNegative("offsetFlushInterval", offsetFlushInterval, false);
            nonNegative("pollInterval", pollInterval, false);
            nonNegative("startTimeout", startTimeout, false);
            nonNegative("stopTimeout", stopTimeout, false);
            TypedSettingsCheck.check(this);
            if (snapshotMode == SnapshotMode.INCREMENTAL && signalTable == null) {
                throw new IllegalArgumentException("SnapshotMode.INCREMENTAL starts the snapshot with a signal: set "
                        + "signalTable(\"schema.table\") too");
            }
            if (signalFile != null && signalTable == null) {
                throw new IllegalArgumentException("signalFile needs a signalTable too: incremental snapshots keep "
                        + "their chunk watermarks there");
            }
            if (incrementalSnapshotChunkSize < 1) {
                throw new IllegalArgumentException("incrementalSnapshotChunkSize must be at least 1, was "
                        + incrementalSnapshotChunkSize);
            }
            if (deliveryThreads < 1 || deliveryThreads > 256) {
                throw new IllegalArgumentException("deliveryThreads must be 1 to 256, was " + deliveryThreads);
            }
            if (offsetStorage != null && offsetStorage.kind() == OffsetStorage.Kind.TARGET) {
                if (deliveryThreads > 1) {
                    throw new IllegalArgumentException("OffsetStorage.target applies changes in commit order on one "
                            + "thread: deliveryThreads must be 1, was " + deliveryThreads);
                }
                if (slotLossPolicy == SlotLossPolicy.RESNAPSHOT) {
                    throw new IllegalArgumentException("OffsetStorage.target keeps its position in the target "
                            + "database: slotLossPolicy RESNAPSHOT is not supported with it");
                }
            }
            if (maxBatchSize < 1) {
                throw new IllegalArgumentException("maxBatchSize must be at least 1, was " + maxBatchSize);
            }
            if (maxQueueSize <= maxBatchSize) {
                throw new IllegalArgumentException("maxQueueSize (" + maxQueueSize
                        + ") must be larger than maxBatchSize (" + maxBatchSize + ")");
            }
            return Implementations.newListener(new CdcConfig(this));
        }

        /**
         * A frozen copy of these settings for {@link CdcConfig}: every collection field is replaced, never changed,
         * so a shallow copy shares nothing that changes later. The offset storage default is filled in.
         */
        Builder frozenCopy() {
            Builder copy;
            try {
                copy = (Builder) super.clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
            if (copy.offsetStorage == null) {
                copy.offsetStorage = OffsetStorage.file(
                        java.nio.file.Path.of("pgconnector-cdc", slotName + ".offsets"));
            }
            return copy;
        }

        private static <T> List<T> append(List<T> list, Collection<? extends T> more) {
            List<T> all = new ArrayList<>(list);
            all.addAll(more);
            return Collections.unmodifiableList(all);
        }

        private static Map<String, String> put(Map<String, String> map, String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(map);
            all.put(name, value);
            return Collections.unmodifiableMap(all);
        }

        private static void exclusive(String what, List<String> include, List<String> exclude) {
            if (!include.isEmpty() && !exclude.isEmpty()) {
                throw new IllegalArgumentException("Set either include" + cap(what) + " or exclude" + cap(what)
                        + ", not both (Debezium accepts only one of them)");
            }
        }

        private static String cap(String s) {
            return Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }

        private static void nonNegative(String name, Duration d, boolean zeroAllowed) {
            if (d.isNegative() || (!zeroAllowed && d.isZero()) || (!d.isZero() && d.toMillis() < 1)) {
                throw new IllegalArgumentException(name + " must be " + (zeroAllowed ? "zero or " : "")
                        + "at least 1 ms, was " + d);
            }
        }
    }
}
