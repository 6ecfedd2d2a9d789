package io.pgconnector.cdc;

import io.pgconnector.codec.Codec;
import io.pgconnector.client.TlsOptions;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The settings of a {@link CdcListener}: immutable, built and validated by {@link CdcListener.Builder}. Every
 * setting, its default and its Debezium counterpart:
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>Setting</th><th>Default</th><th>Meaning (Debezium property)</th></tr>
 *   <tr><td>host / port / database</td><td>localhost / 5432 / postgres</td><td>the server
 *   ({@code database.hostname}, {@code database.port}, {@code database.dbname})</td></tr>
 *   <tr><td>username / password</td><td>postgres / none</td><td>a user with {@code REPLICATION} (or a
 *   superuser); see {@link PublicationAutoCreateMode} for the other privileges</td></tr>
 *   <tr><td>tls</td><td>{@link TlsOptions#defaults()}</td><td>{@code database.sslmode}, {@code database.sslrootcert},
 *   {@code database.sslcert}, {@code database.sslkey}, {@code database.sslpassword}</td></tr>
 *   <tr><td>include/exclude tables, schemas, columns</td><td>none (all; with only explicitly attached services,
 *   their tables)</td><td>regular expressions matched against {@code schema.table} ({@code schema.table.column}
 *   for columns); include and exclude of one kind are exclusive</td></tr>
 *   <tr><td>snapshotMode</td><td>{@link SnapshotMode#INITIAL}</td><td>{@code snapshot.mode}</td></tr>
 *   <tr><td>slotName / publicationName</td><td>pgconnector / pgconnector</td><td>{@code slot.name},
 *   {@code publication.name}</td></tr>
 *   <tr><td>publicationAutoCreateMode</td><td>{@link PublicationAutoCreateMode#ALL_TABLES}</td>
 *   <td>{@code publication.autocreate.mode}</td></tr>
 *   <tr><td>heartbeatInterval</td><td>10 s</td><td>{@code heartbeat.interval.ms}: confirms the slot's position
 *   while the captured tables are idle, so the server can recycle WAL; {@link Duration#ZERO} turns it off</td></tr>
 *   <tr><td>livenessInterval</td><td>zero (off)</td><td>{@link CdcListener#isLive()} is false after this long
 *   without a change or a heartbeat; must be longer than heartbeatInterval (no Debezium property)</td></tr>
 *   <tr><td>offsetStorage</td><td>{@code file(./pgconnector-cdc/<slot>.offsets)}</td><td>see
 *   {@link OffsetStorage}</td></tr>
 *   <tr><td>offsetFlushInterval</td><td>1 s</td><td>{@code offset.flush.interval.ms}: how often handled positions
 *   are committed; after a crash, at most this much of handled changes is delivered again</td></tr>
 *   <tr><td>skippedOperations</td><td>none</td><td>{@code skipped.operations}: operations never delivered (note:
 *   Debezium alone skips truncates by default; this listener delivers them)</td></tr>
 *   <tr><td>maxBatchSize / maxQueueSize</td><td>2048 / 8192</td><td>{@code max.batch.size},
 *   {@code max.queue.size}; the queue must be larger than a batch</td></tr>
 *   <tr><td>pollInterval</td><td>10 ms</td><td>{@code poll.interval.ms}: how long the engine waits for more
 *   changes before handing over a batch. Debezium's 500 ms gives a median commit-to-callback latency near 400 ms;
 *   10 ms gives about 10-20 ms at a negligible idle cost (one queue check per interval)</td></tr>
 *   <tr><td>retryPolicy</td><td>{@link RetryPolicy#defaults()}</td><td>failing callbacks</td></tr>
 *   <tr><td>eventErrorMode</td><td>{@link EventErrorMode#STOP}</td><td>a change that cannot be delivered stops the
 *   listener, or with {@link EventErrorMode#REPORT_AND_CONTINUE} goes to {@code onError} (with its JSON) and the
 *   listener goes on</td></tr>
 *   <tr><td>startTimeout / stopTimeout</td><td>60 s / 30 s</td><td>the longest {@code start()} and
 *   {@code stop()} wait</td></tr>
 *   <tr><td>columnMasks</td><td>none</td><td>{@link ColumnMask}: {@code column.mask.with.N.chars},
 *   {@code column.truncate.to.N.chars}</td></tr>
 *   <tr><td>heartbeatActionQuery</td><td>none</td><td>{@code heartbeat.action.query}: a statement run at each
 *   heartbeat</td></tr>
 *   <tr><td>statusUpdateInterval</td><td>1 s</td><td>{@code status.update.interval.ms}: how often the replication
 *   connection reports its position</td></tr>
 *   <tr><td>lsnFlushMode</td><td>{@link LsnFlushMode#CONNECTOR}</td><td>{@code lsn.flush.mode}</td></tr>
 *   <tr><td>slotStreamParams</td><td>none</td><td>{@code slot.stream.params}: options for {@code pgoutput}</td></tr>
 *   <tr><td>reconnect attempts / backoff</td><td>-1 (no limit) / 2 s</td><td>{@code errors.max.retries},
 *   {@code retriable.restart.connector.wait.ms}: reconnecting after a lost connection</td></tr>
 *   <tr><td>queryTimeout</td><td>10 min</td><td>{@code database.query.timeout.ms}; zero for none</td></tr>
 *   <tr><td>skipMessagesWithoutChange</td><td>false</td><td>{@code skip.messages.without.change}</td></tr>
 *   <tr><td>maxQueueSizeInBytes</td><td>0 (no bound)</td><td>{@code max.queue.size.in.bytes}</td></tr>
 *   <tr><td>configurationBasedSnapshot</td><td>unset</td><td>with {@link SnapshotMode#CONFIGURATION_BASED}:
 *   {@code snapshot.mode.configuration.based.snapshot.data}, {@code ...start.stream}</td></tr>
 *   <tr><td>slotLossPolicy</td><td>{@link SlotLossPolicy#FAIL}</td><td>a lost slot (invalidated, or dropped
 *   while offsets exist) fails the start, or is recreated with a new snapshot (no Debezium property: Debezium
 *   would create a new slot and go on past the gap)</td></tr>
 *   <tr><td>failoverSlot</td><td>false</td><td>{@code slot.failover}: the slot is synchronised to standbys
 *   (PostgreSQL 17+)</td></tr>
 *   <tr><td>signalTable</td><td>none</td><td>{@code signal.data.collection}: the table through which
 *   {@link SnapshotMode#INCREMENTAL} and {@link CdcListener#snapshot(String...)} start incremental snapshots (created
 *   at start when missing)</td></tr>
 *   <tr><td>signalFile</td><td>none</td><td>{@code signal.enabled.channels=source,file}, {@code signal.file}:
 *   signals read from a file as well (needs signalTable)</td></tr>
 *   <tr><td>incrementalSnapshotChunkSize</td><td>1024</td><td>{@code incremental.snapshot.chunk.size}: rows read per
 *   chunk; after a crash at most about one chunk plus one offset flush interval of reads come again</td></tr>
 *   <tr><td>deliveryThreads</td><td>1</td><td>threads that run callbacks; changes of one row stay in commit
 *   order on one thread at a time (no Debezium property)</td></tr>
 *   <tr><td>debeziumProperties</td><td>none</td><td>raw Debezium properties, applied last (they win)</td></tr>
 * </table>
 */
public final class CdcConfig {
    /** The settings: a frozen copy of the builder whose collections are immutable (the fields are listed there). */
    private final CdcListener.Builder v;

    CdcConfig(CdcListener.Builder b) {
        this.v = b.frozenCopy();
    }

    /** {@return the server host} */
    public String host() {
        return v.host;
    }

    /** {@return the server port} */
    public int port() {
        return v.port;
    }

    /** {@return the database} */
    public String database() {
        return v.database;
    }

    /** {@return the user} */
    public String username() {
        return v.username;
    }

    /**
     * Returns the password. Never log it.
     *
     * @return the password, or null
     */
    public String password() {
        return v.password;
    }

    /** {@return the TLS settings} */
    public TlsOptions tls() {
        return v.tls;
    }

    /** {@return the table include patterns} */
    public List<String> includeTables() {
        return v.includeTables;
    }

    /** {@return the table exclude patterns} */
    public List<String> excludeTables() {
        return v.excludeTables;
    }

    /** {@return the schema include patterns} */
    public List<String> includeSchemas() {
        return v.includeSchemas;
    }

    /** {@return the schema exclude patterns} */
    public List<String> excludeSchemas() {
        return v.excludeSchemas;
    }

    /** {@return the column include patterns} */
    public List<String> includeColumns() {
        return v.includeColumns;
    }

    /** {@return the column exclude patterns} */
    public List<String> excludeColumns() {
        return v.excludeColumns;
    }

    /** {@return the snapshot mode} */
    public SnapshotMode snapshotMode() {
        return v.snapshotMode;
    }

    /** {@return the replication slot name} */
    public String slotName() {
        return v.slotName;
    }

    /** {@return the publication name} */
    public String publicationName() {
        return v.publicationName;
    }

    /** {@return the publication auto-create mode} */
    public PublicationAutoCreateMode publicationAutoCreateMode() {
        return v.publicationAutoCreateMode;
    }

    /** {@return the heartbeat interval; zero when off} */
    public Duration heartbeatInterval() {
        return v.heartbeatInterval;
    }

    /** {@return how long without a change or heartbeat the listener stays live; zero when stall detection is off} */
    public Duration livenessInterval() {
        return v.livenessInterval;
    }

    /** {@return the offset storage} */
    public OffsetStorage offsetStorage() {
        return v.offsetStorage;
    }

    /** {@return how often handled positions are committed} */
    public Duration offsetFlushInterval() {
        return v.offsetFlushInterval;
    }

    /** {@return the operations never delivered} */
    public Set<Operation> skippedOperations() {
        return v.skippedOperations;
    }

    /** {@return the largest batch handed over at once} */
    public int maxBatchSize() {
        return v.maxBatchSize;
    }

    /** {@return the engine's queue size} */
    public int maxQueueSize() {
        return v.maxQueueSize;
    }

    /** {@return the engine's poll interval} */
    public Duration pollInterval() {
        return v.pollInterval;
    }

    /** {@return the retry policy for failing callbacks} */
    public RetryPolicy retryPolicy() {
        return v.retryPolicy;
    }

    /** {@return what happens to a change that cannot be delivered} */
    public EventErrorMode eventErrorMode() {
        return v.eventErrorMode;
    }

    /** {@return the longest time {@code start()} waits} */
    public Duration startTimeout() {
        return v.startTimeout;
    }

    /** {@return the longest time {@code stop()} waits} */
    public Duration stopTimeout() {
        return v.stopTimeout;
    }

    /**
     * Returns the raw Debezium properties. They may hold secrets: never log them.
     *
     * @return the properties
     */
    public Map<String, String> debeziumProperties() {
        return v.debeziumProperties;
    }

    /**
     * Returns the codecs registered for PostgreSQL types the client does not know, in registration order.
     *
     * @return the codecs
     */
    public List<Codec<?>> codecs() {
        return v.codecs;
    }

    /** {@return the column masks} */
    public List<ColumnMask> columnMasks() {
        return v.columnMasks;
    }

    /** {@return the statement run at each heartbeat, or null} */
    public String heartbeatActionQuery() {
        return v.heartbeatActionQuery;
    }

    /** {@return how often the replication connection reports its position} */
    public Duration statusUpdateInterval() {
        return v.statusUpdateInterval;
    }

    /** {@return who confirms the slot's position} */
    public LsnFlushMode lsnFlushMode() {
        return v.lsnFlushMode;
    }

    /** {@return the options passed to {@code pgoutput}} */
    public Map<String, String> slotStreamParams() {
        return v.slotStreamParams;
    }

    /** {@return how many times the engine reconnects after a lost connection; -1 for no limit} */
    public int reconnectAttempts() {
        return v.reconnectAttempts;
    }

    /** {@return the pause before each reconnect} */
    public Duration reconnectBackoff() {
        return v.reconnectBackoff;
    }

    /** {@return the longest time a connector query may run; zero for none} */
    public Duration queryTimeout() {
        return v.queryTimeout;
    }

    /** {@return whether updates that change no captured column are left out} */
    public boolean skipMessagesWithoutChange() {
        return v.skipMessagesWithoutChange;
    }

    /** {@return the memory bound of the engine's queue; 0 for none} */
    public long maxQueueSizeInBytes() {
        return v.maxQueueSizeInBytes;
    }

    /** {@return with {@link SnapshotMode#CONFIGURATION_BASED}, whether existing rows are read; else null} */
    public Boolean snapshotData() {
        return v.snapshotData;
    }

    /** {@return with {@link SnapshotMode#CONFIGURATION_BASED}, whether changes are streamed afterwards; else null} */
    public Boolean snapshotThenStream() {
        return v.snapshotThenStream;
    }

    /** {@return what {@code start()} does when the replication slot is lost} */
    public SlotLossPolicy slotLossPolicy() {
        return v.slotLossPolicy;
    }

    /** {@return whether the slot is created as a failover slot (PostgreSQL 17+)} */
    public boolean failoverSlot() {
        return v.failoverSlot;
    }

    /** {@return the signalling table as {@code schema.table}, or null when signals are off} */
    public String signalTable() {
        return v.signalTable;
    }

    /** {@return how many rows an incremental snapshot reads per chunk} */
    public int incrementalSnapshotChunkSize() {
        return v.incrementalSnapshotChunkSize;
    }

    /** {@return the file signals are also read from, or null} */
    public java.nio.file.Path signalFile() {
        return v.signalFile;
    }

    /** {@return the number of threads that run callbacks} */
    public int deliveryThreads() {
        return v.deliveryThreads;
    }

    /** Describes the settings; passwords and secret-looking raw properties are shown as {@code ****}. */
    @Override
    public String toString() {
        Map<String, String> raw = new TreeMap<>();
        v.debeziumProperties.forEach((k, value) -> raw.put(k, isSecret(k) ? "****" : value));
        return "CdcConfig[" + v.username + "@" + v.host + ":" + v.port + "/" + v.database + ", password="
                + (v.password == null ? "none" : "****") + ", tls=" + v.tls + ", slot=" + v.slotName + ", publication="
                + v.publicationName + " (" + v.publicationAutoCreateMode + "), snapshot=" + v.snapshotMode
                + ", includeTables=" + v.includeTables + ", excludeTables=" + v.excludeTables + ", includeSchemas="
                + v.includeSchemas + ", excludeSchemas=" + v.excludeSchemas + ", includeColumns=" + v.includeColumns
                + ", excludeColumns=" + v.excludeColumns + ", heartbeat=" + v.heartbeatInterval + ", liveness="
                + v.livenessInterval + ", offsets="
                + v.offsetStorage + ", offsetFlush=" + v.offsetFlushInterval + ", skipped=" + v.skippedOperations
                + ", maxBatchSize=" + v.maxBatchSize + ", maxQueueSize=" + v.maxQueueSize + ", poll=" + v.pollInterval
                + ", retry=" + v.retryPolicy + ", onEventError=" + v.eventErrorMode + ", startTimeout="
                + v.startTimeout + ", stopTimeout=" + v.stopTimeout
                + ", columnMasks=" + v.columnMasks + ", heartbeatActionQuery=" + (v.heartbeatActionQuery != null)
                + ", statusUpdate=" + v.statusUpdateInterval + ", lsnFlush=" + v.lsnFlushMode + ", slotStreamParams="
                + v.slotStreamParams + ", reconnect=" + v.reconnectAttempts + "/" + v.reconnectBackoff
                + ", queryTimeout="
                + v.queryTimeout + ", skipUnchanged=" + v.skipMessagesWithoutChange + ", maxQueueBytes="
                + v.maxQueueSizeInBytes + (v.snapshotData == null ? "" : ", snapshotData=" + v.snapshotData
                + ", thenStream=" + v.snapshotThenStream)
                + ", slotLoss=" + v.slotLossPolicy + (v.failoverSlot ? ", failoverSlot" : "")
                + (v.signalTable == null ? "" : ", signalTable=" + v.signalTable + ", chunk="
                + v.incrementalSnapshotChunkSize)
                + (v.signalFile == null ? "" : ", signalFile=" + v.signalFile)
                + (v.deliveryThreads > 1 ? ", deliveryThreads=" + v.deliveryThreads : "")
                + ", debezium=" + raw + "]";
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("credential") || k.contains("token");
    }
}
