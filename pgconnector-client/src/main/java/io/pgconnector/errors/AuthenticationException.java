package io.pgconnector.errors;

/**
 * The server refused the credentials: a wrong password, an unknown user, or a {@code pg_hba.conf} rule that rejects
 * this user, host or TLS setting. SQLSTATE class {@code 28}. Retrying with the same settings will not help.
 */
public class AuthenticationException extends ConnectionException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message  what was refused (never the password)
     * @param sqlState the server's SQLSTATE
     * @param cause    the driver's exception
     */
    public AuthenticationException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
