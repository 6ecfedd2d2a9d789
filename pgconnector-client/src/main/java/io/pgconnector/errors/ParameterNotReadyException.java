package io.pgconnector.errors;

/**
 * An {@link io.pgconnector.client.OutParameter} or {@link io.pgconnector.client.InOutParameter} was read before it had a value: its call has not run or not
 * completed, or the call returned no value at its position (for example the routine has fewer OUT arguments than
 * the statement has OUT parameters). SQLSTATE {@code 55000} ("object not in prerequisite state").
 */
public class ParameterNotReadyException extends PostgresException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message why there is no value, and what to do
     */
    public ParameterNotReadyException(String message) {
        super(message, "55000", null);
    }
}
