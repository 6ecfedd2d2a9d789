package io.pgconnector.cdc;

import io.pgconnector.types.PgLsn;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Where a change came from: its table, its position in the write-ahead log and its transaction. Consumers that must
 * not apply a change twice (after a crash, changes whose positions were not committed yet are delivered again) can
 * keep the highest {@code (lsn, txId)} they applied per table and drop anything at or below it; snapshot reads all
 * carry the snapshot's position.
 *
 * @param schema             the table's schema
 * @param table              the table's name
 * @param operation          the kind of change
 * @param lsn                the log position of the change (for snapshot reads, the snapshot's position)
 * @param txId               the transaction id, or null when Debezium does not know it
 * @param commitTime         the commit time of the transaction (for snapshot reads, the read time)
 * @param snapshot           true for rows read by the snapshot
 * @param unavailableColumns columns whose value the server did not send (unchanged TOAST values): their fields are
 *                           null in the row, which does not mean the column is NULL
 * @param kafka              the Kafka topic, partition and offset the change was read from, or null when it did not
 *                           come through Kafka (the embedded listener)
 */
public record ChangeSource(String schema, String table, Operation operation, PgLsn lsn, Long txId,
        Instant commitTime, boolean snapshot, Set<String> unavailableColumns, KafkaPosition kafka) {

    /**
     * Validates and copies.
     *
     * @param schema             the schema
     * @param table              the table
     * @param operation          the operation
     * @param lsn                the position
     * @param txId               the transaction id or null
     * @param commitTime         the commit time
     * @param snapshot           whether a snapshot read
     * @param unavailableColumns unavailable columns
     * @param kafka              the Kafka position, or null
     */
    public ChangeSource {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(operation, "operation");
        unavailableColumns = unavailableColumns == null ? Set.of() : Set.copyOf(unavailableColumns);
    }

    /**
     * Creates the source of a change that did not come through Kafka.
     *
     * @param schema             the schema
     * @param table              the table
     * @param operation          the operation
     * @param lsn                the position
     * @param txId               the transaction id or null
     * @param commitTime         the commit time
     * @param snapshot           whether a snapshot read
     * @param unavailableColumns unavailable columns
     */
    public ChangeSource(String schema, String table, Operation operation, PgLsn lsn, Long txId, Instant commitTime,
            boolean snapshot, Set<String> unavailableColumns) {
        this(schema, table, operation, lsn, txId, commitTime, snapshot, unavailableColumns, null);
    }

    /**
     * Returns {@code schema.table}.
     *
     * @return the qualified table name
     */
    public String qualifiedTable() {
        return schema + "." + table;
    }
}
