package io.pgconnector.cdc;

/** Whether and when the listener reads the existing rows of the captured tables (delivered to {@code onRead}). */
public enum SnapshotMode {
    /** Read existing rows on the first start (no stored offset), then stream changes. The default. */
    INITIAL("initial"),
    /** Never read existing rows; stream changes from the slot's position. */
    NEVER("no_data"),
    /** Read existing rows on every start, then stream. */
    ALWAYS("always"),
    /** Read existing rows on the first start and stop; no streaming. */
    INITIAL_ONLY("initial_only"),
    /** Read existing rows when there is no stored offset or it is no longer available on the server. */
    WHEN_NEEDED("when_needed"),
    /**
     * Debezium's name for {@link #NEVER} (formerly "schema only"): never read existing rows, stream changes from the
     * slot's position.
     */
    NO_DATA("no_data"),
    /**
     * Whether to read existing rows and whether to stream afterwards are set by
     * {@link CdcListener.Builder#configurationBasedSnapshot(boolean, boolean)}. (Debezium's {@code recovery} mode
     * rebuilds a schema history topic, which the PostgreSQL connector does not have, so it has no counterpart here.)
     */
    CONFIGURATION_BASED("configuration_based"),
    /**
     * Read existing rows on the first start (no stored offset) in chunks by primary key, while changes stream
     * (Debezium's incremental snapshot, started by a signal). The position of the chunk is part of the committed
     * offsets, so a listener that crashes during the snapshot continues at the last committed chunk instead of
     * starting over. Needs {@link CdcListener.Builder#signalTable(String)}; every captured table needs a primary key
     * (or a surrogate key). A row changed while its chunk is read may arrive only through the change (not also as a
     * read); see {@code docs/cdc.md}, "Snapshots that survive a crash".
     */
    INCREMENTAL("no_data");

    private final String debeziumName;

    SnapshotMode(String debeziumName) {
        this.debeziumName = debeziumName;
    }

    /**
     * Returns the value of Debezium's {@code snapshot.mode}.
     *
     * @return the Debezium name
     */
    public String debeziumName() {
        return debeziumName;
    }
}
