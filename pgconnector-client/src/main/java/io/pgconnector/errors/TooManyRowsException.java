package io.pgconnector.errors;

/**
 * Thrown by {@code queryList} when the query returned more rows than the list may hold. The rows read so far are
 * dropped and the query's connection is released. Stream a large result with {@code query} instead, narrow the query
 * ({@code LIMIT}, a {@code WHERE} clause), or pass a larger limit. SQLSTATE {@code 21000} ("cardinality violation").
 */
public class TooManyRowsException extends PostgresException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the query and the limit it exceeded
     */
    public TooManyRowsException(String message) {
        super(message, "21000", null);
    }
}
