package io.pgconnector.client.internal;

import io.pgconnector.errors.InvalidStatementException;
import io.pgconnector.client.Sql;

import java.nio.charset.StandardCharsets;

/**
 * The rules PostgreSQL applies to NOTIFY channels and payloads, checked on the client so that a bad name or an
 * oversized payload fails before anything is sent, and one way to quote a channel for LISTEN and UNLISTEN.
 */
public final class Notifications {
    /** PostgreSQL rejects a payload of this many bytes or more ({@code NOTIFY_PAYLOAD_MAX_LENGTH}). */
    public static final int MAX_PAYLOAD_BYTES = 8000;
    /** The longest identifier PostgreSQL keeps ({@code NAMEDATALEN - 1}); LISTEN would silently truncate longer. */
    public static final int MAX_CHANNEL_BYTES = 63;

    private static final String INVALID_PARAMETER_VALUE = "22023";

    private Notifications() {
    }

    /**
     * Checks a channel name: not null, not empty, no NUL character, at most 63 bytes in UTF-8.
     *
     * @param channel the name
     * @return the name
     * @throws InvalidStatementException if the name is not one PostgreSQL accepts unchanged
     */
    public static String checkChannel(String channel) {
        if (channel == null || channel.isEmpty()) {
            throw new InvalidStatementException("A notification channel name must not be null or empty",
                    INVALID_PARAMETER_VALUE);
        }
        if (channel.indexOf('\0') >= 0) {
            throw new InvalidStatementException("A notification channel name must not contain the NUL character",
                    INVALID_PARAMETER_VALUE);
        }
        int bytes = channel.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_CHANNEL_BYTES) {
            throw new InvalidStatementException("The notification channel name is " + bytes + " bytes in UTF-8; "
                    + "PostgreSQL allows at most " + MAX_CHANNEL_BYTES + " (longer names would be truncated by LISTEN)",
                    INVALID_PARAMETER_VALUE);
        }
        return channel;
    }

    /**
     * Checks a payload: at most 7999 bytes in UTF-8, no NUL character. Null means no payload.
     *
     * @param channel the channel, for the message
     * @param payload the payload, or null
     * @return the payload, {@code ""} for null
     * @throws InvalidStatementException if PostgreSQL would reject the payload
     */
    public static String checkPayload(String channel, String payload) {
        if (payload == null) {
            return "";
        }
        if (payload.indexOf('\0') >= 0) {
            throw new InvalidStatementException("The payload for channel '" + channel + "' contains the NUL "
                    + "character, which PostgreSQL text cannot hold", INVALID_PARAMETER_VALUE);
        }
        // Cheap bound first: a char is at most 3 UTF-8 bytes (a surrogate pair, 2 chars, is 4).
        if (payload.length() * 3L >= MAX_PAYLOAD_BYTES) {
            int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
            if (bytes >= MAX_PAYLOAD_BYTES) {
                throw new InvalidStatementException("The payload for channel '" + channel + "' is " + bytes
                        + " bytes in UTF-8; PostgreSQL accepts less than " + MAX_PAYLOAD_BYTES + " bytes. Send a key "
                        + "(an id) and let the listener read the data, or store it in a table", INVALID_PARAMETER_VALUE);
            }
        }
        return payload;
    }

    /**
     * Returns the statement that sends a notification, with channel and payload bound as parameters.
     *
     * @param channel the channel
     * @param payload the payload, or null for none
     * @return the statement
     * @throws InvalidStatementException if the channel or payload is invalid
     */
    public static Sql statement(String channel, String payload) {
        String c = checkChannel(channel);
        return Sql.of("SELECT 1 FROM pg_notify(?, ?)", c, checkPayload(c, payload));
    }

    /**
     * Quotes a channel as an SQL identifier, so that any name (quotes, spaces, unicode, mixed case) is taken
     * literally and cannot end the statement.
     *
     * @param channel a name accepted by {@link #checkChannel}
     * @return {@code "name"} with inner double quotes doubled
     */
    public static String quote(String channel) {
        return '"' + checkChannel(channel).replace("\"", "\"\"") + '"';
    }
}
