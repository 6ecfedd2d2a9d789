package io.pgconnector.cdc;

/**
 * Who confirms the replication slot's position to the server ({@code lsn.flush.mode}). The server keeps WAL from
 * the confirmed position on, so a position never confirmed keeps WAL forever.
 */
public enum LsnFlushMode {
    /** The connector confirms the position of handled changes once they are committed. The default. */
    CONNECTOR("connector"),
    /**
     * Nobody confirms: the slot stays where it is until something else advances it (for example
     * {@code pg_replication_slot_advance}). For set-ups where another process decides when WAL may go; the server
     * keeps all WAL from the slot's position meanwhile.
     */
    MANUAL("manual"),
    /**
     * As {@link #CONNECTOR}, and the driver also confirms positions of keep-alive messages while no change of the
     * captured tables arrives, so an idle captured database does not hold WAL written by other databases.
     */
    CONNECTOR_AND_DRIVER("connector_and_driver");

    private final String debeziumName;

    LsnFlushMode(String debeziumName) {
        this.debeziumName = debeziumName;
    }

    /**
     * Returns the value of Debezium's {@code lsn.flush.mode}.
     *
     * @return the Debezium name
     */
    public String debeziumName() {
        return debeziumName;
    }
}
