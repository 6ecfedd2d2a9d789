package io.pgconnector.client;

import java.util.OptionalLong;

/**
 * The outcome of an {@code execute}: how many rows the statement changed and, for an {@code INSERT} into a table
 * with a generated key (a {@code serial} or identity column), the key of the last inserted row.
 *
 * @param affectedRowCount the number of rows inserted, updated or deleted (0 for DDL)
 * @param lastInsertId     the generated key of the last inserted row ({@code Long}, {@code Integer}, ...), or
 *                         {@code null} when the statement is not an insert or the table has no generated key
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
