package io.pgconnector.errors;

/**
 * A {@code copyIn} failed on a row: a value its column cannot take, a row with the wrong number of values, or a
 * constraint the row violates. A COPY is one statement, so none of its rows is kept (unless
 * {@link io.pgconnector.client.CopyOptions.OnError#IGNORE} skipped the bad ones). {@link #rowNumber()} and {@link #column()} say where;
 * {@link #sqlState()} and the message are the server's error, or the client's when it refused the value before
 * sending it.
 */
public class CopyException extends DatabaseException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The failed row, counting from 1, or -1 if unknown. */
    private final long rowNumber;
    /** The column, or null if the error is not about one column. */
    private final String column;

    /**
     * Creates the exception.
     *
     * @param message   what went wrong, naming the row and column
     * @param sqlState  the SQLSTATE
     * @param rowNumber the failed row, counting from 1 in the order the rows were given, or -1 if unknown
     * @param column    the column, or {@code null} if the error is not about one column
     * @param cause     the underlying error
     */
    public CopyException(String message, String sqlState, long rowNumber, String column, Throwable cause) {
        super(message, sqlState, cause);
        this.rowNumber = rowNumber;
        this.column = column;
    }

    /**
     * Returns the failed row, counting from 1 in the order the rows were given.
     *
     * @return the row number, or -1 if the server did not say
     */
    public long rowNumber() {
        return rowNumber;
    }

    /**
     * Returns the column whose value failed.
     *
     * @return the column name, or {@code null} if the error is not about one column
     */
    public String column() {
        return column;
    }
}
