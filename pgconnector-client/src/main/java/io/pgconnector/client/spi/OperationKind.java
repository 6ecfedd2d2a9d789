package io.pgconnector.client.spi;

/** The verbs of a client that an {@link OperationObserver} sees. */
public enum OperationKind {
    /** {@code query}: a stream of rows; observed until the statement has run and the stream is open. */
    QUERY("query"),
    /** {@code queryRow}: one row. */
    QUERY_ROW("queryRow"),
    /** {@code queryOptional}: one row or none. */
    QUERY_OPTIONAL("queryOptional"),
    /** {@code queryList}: a bounded list of rows. */
    QUERY_LIST("queryList"),
    /** {@code execute}: one statement. */
    EXECUTE("execute"),
    /** {@code batchExecute}: one statement with many rows of values. */
    BATCH_EXECUTE("batchExecute"),
    /** {@code call}: a procedure or function call. */
    CALL("call"),
    /** {@code transaction}: a whole transaction, from its first statement to its commit or rollback. */
    TRANSACTION("transaction");

    private final String verb;

    OperationKind(String verb) {
        this.verb = verb;
    }

    /**
     * Returns the method name of the verb, as used in metric tags and span names ({@code queryRow}).
     *
     * @return the verb
     */
    public String verb() {
        return verb;
    }
}
