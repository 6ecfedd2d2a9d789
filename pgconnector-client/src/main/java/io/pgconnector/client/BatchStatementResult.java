package io.pgconnector.client;

/**
 * What happened to one statement of a failed batch; see {@link BatchExecuteException#results()}.
 *
 * @param index            the statement's position in the batch, from 0
 * @param status           whether it ran, failed, or was never reached
 * @param affectedRowCount the rows it changed when it ran (before the batch was rolled back), otherwise 0; -1 when
 *                         the count is not known: statements that are not plain inserts run as JDBC batches in
 *                         chunks of 1000, and the driver drops the counts of the statements of the failed chunk
 *                         that ran before the failing one (it reports them as failed once the transaction is
 *                         doomed); those statements did run ({@link Status#SUCCEEDED}), their counts are -1
 */
public record BatchStatementResult(int index, Status status, long affectedRowCount) {
    /** The outcome of one statement. */
    public enum Status {
        /** The statement ran without error (its changes were rolled back with the rest of the batch). */
        SUCCEEDED,
        /** The statement failed; the batch's exception carries the server's error. */
        FAILED,
        /** The statement was not run because an earlier one failed. */
        NOT_EXECUTED
    }

    /**
     * Tells whether the statement ran without error.
     *
     * @return true for {@link Status#SUCCEEDED}
     */
    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }
}
