package io.pgconnector.client;

import java.sql.Connection;

/** The transaction isolation levels PostgreSQL offers. */
public enum IsolationLevel {
    /** PostgreSQL runs it as {@link #READ_COMMITTED}. */
    READ_UNCOMMITTED(Connection.TRANSACTION_READ_UNCOMMITTED),
    /** Each statement sees data committed before it began. PostgreSQL's default. */
    READ_COMMITTED(Connection.TRANSACTION_READ_COMMITTED),
    /** All statements see one snapshot; a conflicting concurrent write fails with SQLSTATE {@code 40001}. */
    REPEATABLE_READ(Connection.TRANSACTION_REPEATABLE_READ),
    /** As if transactions ran one after another; may fail with SQLSTATE {@code 40001} and must then be retried. */
    SERIALIZABLE(Connection.TRANSACTION_SERIALIZABLE);

    private final int jdbcLevel;

    IsolationLevel(int jdbcLevel) {
        this.jdbcLevel = jdbcLevel;
    }

    /**
     * Returns the JDBC constant for this level.
     *
     * @return a {@code java.sql.Connection.TRANSACTION_*} value
     */
    public int jdbcLevel() {
        return jdbcLevel;
    }
}
