package io.pgconnector.spring.boot;

import io.pgconnector.cdc.SnapshotMode;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code pgconnector.cdc.*} settings. The listener connects with the client's host, port, database, user,
 * password and TLS unless set here.
 */
@ConfigurationProperties(prefix = "pgconnector.cdc")
public class CdcProperties {
    /** Whether to create the CdcListener bean and start it with the application. */
    private boolean enabled;
    /** Replication slot name (lower case letters, digits and underscores). */
    private String slotName = "pgconnector";
    /** Publication name. */
    private String publicationName = "pgconnector";
    /** User for replication, when it differs from the client's. */
    private String username;
    /** Password of that user. Never logged. */
    private String password;
    /**
     * What to read before streaming (INITIAL when unset). INCREMENTAL reads existing rows in chunks while changes
     * stream, and needs signal-table.
     */
    private SnapshotMode snapshotMode;
    /**
     * Table (schema.table) through which incremental snapshots are signalled and keep their chunk watermarks;
     * created at start when missing. Needed by snapshot-mode=incremental and by on-demand snapshots.
     */
    private String signalTable;
    /** File from which signals are also read, one JSON signal a line; needs signal-table. */
    private Path signalFile;
    /** Rows an incremental snapshot reads per chunk (the library's default, 1024, when unset). */
    private Integer incrementalSnapshotChunkSize;
    /**
     * Threads that deliver changes to the services (1 when unset: one at a time, in commit order). With more,
     * changes of one row still arrive in order, one at a time; changes of different rows run in parallel.
     */
    private Integer deliveryThreads;
    /** Tables to capture (regular expressions of schema.table); the attached tables when empty. */
    private final List<String> includeTables = new ArrayList<>();
    /** Where offsets are kept. */
    private OffsetStore offsetStorage = OffsetStore.FILE;
    /** File of the FILE offset storage. */
    private Path offsetFile = Path.of("pgconnector-offsets.dat");
    /** Table of the JDBC offset storage (in the listener's database). */
    private String offsetTable = "pgconnector_offsets";
    /** Heartbeat interval; keeps the slot advancing when captured tables are quiet. */
    private Duration heartbeatInterval;
    /** Longest wait for the listener to start. */
    private Duration startTimeout;
    /** Longest wait for a graceful stop (offsets committed) when the application shuts down. */
    private Duration stopTimeout;
    /** Health: DOWN when the latest change took longer than this from commit to callback. */
    private Duration maxLag = Duration.ofMinutes(5);
    /** Health: DOWN when the slot is more bytes of WAL behind than this. */
    private long maxLagBytes = 1024L * 1024 * 1024;

    /** Where CDC offsets are stored. */
    public enum OffsetStore {
        /** A local file ({@code offset-file}). */
        FILE,
        /** A table of the database ({@code offset-table}). */
        JDBC,
        /** Memory only: a restart takes a new snapshot or starts from the slot. */
        MEMORY
    }

    /** {@return whether CDC is on} */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether CDC is on */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** {@return the slot name} */
    public String getSlotName() {
        return slotName;
    }

    /** @param v the slot name */
    public void setSlotName(String v) {
        this.slotName = v;
    }

    /** {@return the publication name} */
    public String getPublicationName() {
        return publicationName;
    }

    /** @param v the publication name */
    public void setPublicationName(String v) {
        this.publicationName = v;
    }

    /** {@return the replication user} */
    public String getUsername() {
        return username;
    }

    /** @param v the replication user */
    public void setUsername(String v) {
        this.username = v;
    }

    /** {@return the replication password} */
    public String getPassword() {
        return password;
    }

    /** @param v the replication password */
    public void setPassword(String v) {
        this.password = v;
    }

    /** {@return the snapshot mode} */
    public SnapshotMode getSnapshotMode() {
        return snapshotMode;
    }

    /** @param v the snapshot mode */
    public void setSnapshotMode(SnapshotMode v) {
        this.snapshotMode = v;
    }

    /** {@return the signal table, or null} */
    public String getSignalTable() {
        return signalTable;
    }

    /** @param v the signal table */
    public void setSignalTable(String v) {
        this.signalTable = v;
    }

    /** {@return the signal file, or null} */
    public Path getSignalFile() {
        return signalFile;
    }

    /** @param v the signal file */
    public void setSignalFile(Path v) {
        this.signalFile = v;
    }

    /** {@return the rows per incremental snapshot chunk, or null for the library's default} */
    public Integer getIncrementalSnapshotChunkSize() {
        return incrementalSnapshotChunkSize;
    }

    /** @param v the rows per incremental snapshot chunk */
    public void setIncrementalSnapshotChunkSize(Integer v) {
        this.incrementalSnapshotChunkSize = v;
    }

    /** {@return the delivery threads, or null for the library's default (1)} */
    public Integer getDeliveryThreads() {
        return deliveryThreads;
    }

    /** @param v the delivery threads */
    public void setDeliveryThreads(Integer v) {
        this.deliveryThreads = v;
    }

    /** {@return the included tables} */
    public List<String> getIncludeTables() {
        return includeTables;
    }

    /** {@return the offset storage} */
    public OffsetStore getOffsetStorage() {
        return offsetStorage;
    }

    /** @param v the offset storage */
    public void setOffsetStorage(OffsetStore v) {
        this.offsetStorage = v;
    }

    /** {@return the offset file} */
    public Path getOffsetFile() {
        return offsetFile;
    }

    /** @param v the offset file */
    public void setOffsetFile(Path v) {
        this.offsetFile = v;
    }

    /** {@return the offset table} */
    public String getOffsetTable() {
        return offsetTable;
    }

    /** @param v the offset table */
    public void setOffsetTable(String v) {
        this.offsetTable = v;
    }

    /** {@return the heartbeat interval} */
    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    /** @param v the heartbeat interval */
    public void setHeartbeatInterval(Duration v) {
        this.heartbeatInterval = v;
    }

    /** {@return the start timeout} */
    public Duration getStartTimeout() {
        return startTimeout;
    }

    /** @param v the start timeout */
    public void setStartTimeout(Duration v) {
        this.startTimeout = v;
    }

    /** {@return the stop timeout} */
    public Duration getStopTimeout() {
        return stopTimeout;
    }

    /** @param v the stop timeout */
    public void setStopTimeout(Duration v) {
        this.stopTimeout = v;
    }

    /** {@return the health's lag limit} */
    public Duration getMaxLag() {
        return maxLag;
    }

    /** @param v the health's lag limit */
    public void setMaxLag(Duration v) {
        this.maxLag = v;
    }

    /** {@return the health's WAL bytes limit} */
    public long getMaxLagBytes() {
        return maxLagBytes;
    }

    /** @param v the health's WAL bytes limit */
    public void setMaxLagBytes(long v) {
        this.maxLagBytes = v;
    }
}
