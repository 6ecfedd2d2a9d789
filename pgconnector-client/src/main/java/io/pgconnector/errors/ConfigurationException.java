package io.pgconnector.errors;

/**
 * A setting is invalid: a negative timeout, a port out of range, a malformed connection URI, a missing certificate
 * file. Thrown when the configuration is built, before any connection is attempted. The message names the setting.
 */
public class ConfigurationException extends PostgresException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which setting is wrong and why
     */
    public ConfigurationException(String message) {
        super(message, null, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message which setting is wrong and why
     * @param cause   the underlying cause
     */
    public ConfigurationException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
