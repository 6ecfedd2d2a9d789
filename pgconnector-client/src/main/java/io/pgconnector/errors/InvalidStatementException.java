package io.pgconnector.errors;

/**
 * A statement was rejected by the client before anything was sent: the number of values does not match the number
 * of {@code ?} placeholders, a batch is empty or mixes statement texts, an {@code IN} list is empty, or a required
 * argument of a verb (the {@code Sql}, the target type, the mapper, a transaction's work) is null. These are
 * programming errors. SQLSTATE {@code 07001} ("wrong number of parameters"), {@code 42601} ("syntax error") or
 * {@code 22004} ("null value not allowed", naming the argument).
 */
public class InvalidStatementException extends PostgresException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message  what is wrong with the statement
     * @param sqlState the SQLSTATE
     */
    public InvalidStatementException(String message, String sqlState) {
        super(message, sqlState, null);
    }
}
