package io.pgconnector.cdc;

/**
 * Whether the listener creates its publication, and for which tables. The privileges each mode needs are in
 * {@code docs/cdc.md}.
 */
public enum PublicationAutoCreateMode {
    /** Create the publication {@code FOR ALL TABLES} if missing; needs a superuser. The default. */
    ALL_TABLES("all_tables"),
    /**
     * Create (or alter) the publication for the included tables only; needs ownership of those tables (and
     * {@code CREATE} on the database).
     */
    FILTERED("filtered"),
    /** Never create it: the publication must exist. A plain {@code REPLICATION} user suffices. */
    DISABLED("disabled");

    private final String debeziumName;

    PublicationAutoCreateMode(String debeziumName) {
        this.debeziumName = debeziumName;
    }

    /**
     * Returns the value of Debezium's {@code publication.autocreate.mode}.
     *
     * @return the Debezium name
     */
    public String debeziumName() {
        return debeziumName;
    }
}
