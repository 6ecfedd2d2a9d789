package io.pgconnector.client;

import io.pgconnector.errors.DatabaseException;

import java.util.List;

/**
 * A statement of a {@code batchExecute} failed. A batch runs in one transaction, so none of its changes is kept;
 * {@link #results()} says, per statement, which ran without error, which failed and which were never reached, so the
 * caller can fix or drop the bad values and send the batch again. {@link #sqlState()} and the message are the
 * server's error for the failed statement.
 */
public class BatchExecuteException extends DatabaseException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    private final transient List<BatchStatementResult> results;

    /**
     * Creates the exception.
     *
     * @param message  the server's message, with the index of the failed statement
     * @param sqlState the server's SQLSTATE
     * @param results  one result per statement of the batch, in order
     * @param cause    the driver's exception
     */
    public BatchExecuteException(String message, String sqlState, List<BatchStatementResult> results,
            Throwable cause) {
        super(message, sqlState, cause);
        this.results = List.copyOf(results);
    }

    /**
     * Returns one result per statement of the batch, in batch order.
     *
     * @return the per-statement results
     */
    public List<BatchStatementResult> results() {
        return results;
    }

    /**
     * Returns the index of the first statement that failed, or -1 if the server did not say which.
     *
     * @return the index or -1
     */
    public int failedIndex() {
        for (BatchStatementResult r : results) {
            if (r.status() == BatchStatementResult.Status.FAILED) {
                return r.index();
            }
        }
        return -1;
    }
}
