package io.pgconnector.client;

import java.util.OptionalLong;

/**
 * The outcome of an {@code execute}: how many rows the statement changed and, for an {@code INSERT} into a table
 * with a generated key (a {@code serial} or identity column, or a primary key with a default such as
 * {@code gen_random_uuid()}), the key of the last inserted row, whether the rows come from {@code VALUES} or from
 * {@code INSERT ... SELECT}. A statement with its own {@code RETURNING} ({@code UPDATE ... RETURNING id},
 * {@code DELETE ... RETURNING id}) reports the first returned column of its last row.
 *
 * @param affectedRowCount the number of rows inserted, updated or deleted (0 for DDL)
 * @param lastInsertId     the generated key of the last inserted row ({@code Long}, {@code Integer}, {@code UUID},
 *                         ...) or the first {@code RETURNING} column of the last row; {@code null} when there is
 *                         none
 */
public record ExecutionResult(long affectedRowCount, Object lastInsertId) {
    /**
     * Returns the generated key as a {@code long}, when there is one and it is an integer.
     *
     * @return the key, or empty
     */
    public OptionalLong lastInsertIdAsLong() {
        return lastInsertId instanceof Number ? OptionalLong.of(((Number) lastInsertId).longValue())
                : OptionalLong.empty();
    }
}
