package io.pgconnector.notify;

import java.util.Objects;

/**
 * One notification as PostgreSQL delivered it: the channel, the process id of the backend that sent it, and the
 * payload text ({@code ""} when none was given).
 *
 * <p>{@link #payloadAs(Class)} reads a JSON payload (for example one a trigger built with {@code row_to_json(NEW)})
 * into a record the same way a query row is mapped: keys match components ignoring case and underscores, or by
 * {@link io.pgconnector.mapping.Column @Column}; values in PostgreSQL's text forms become value types.
 *
 * @param channel   the channel, exactly as it was notified
 * @param senderPid the process id of the sending backend (compare with your own sessions' {@code pg_backend_pid()}
 *                  to skip your own notifications)
 * @param payload   the payload, {@code ""} when none
 */
public record Notification(String channel, int senderPid, String payload) {

    /**
     * Checks the fields.
     *
     * @param channel   not null
     * @param senderPid the sender's pid
     * @param payload   not null
     */
    public Notification {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(payload, "payload");
    }

    /**
     * Reads the payload as {@code type}: a {@code String} is the text itself; a scalar ({@code Long}, {@code UUID},
     * {@code OffsetDateTime}, a value type such as {@code Point}, an enum) is parsed from the text; a record is filled
     * from a JSON object with the row mapping of query results; a {@code Map} holds the JSON object's members (a
     * {@code String}, an exact {@code BigDecimal}, a {@code Boolean}, {@code null}, or a
     * {@link io.pgconnector.types.Json} for a nested object or array); any other type (a {@code JsonNode}, a Jackson bean) is read by Jackson.
     *
     * <pre>{@code
     * record PriceChange(String sku, BigDecimal amount, OffsetDateTime changedAt) {}
     * PriceChange change = notification.payloadAs(PriceChange.class);   // {"sku":"A-1","amount":9.5,"changed_at":...}
     * }</pre>
     *
     * @param type the wanted type
     * @param <T>  the wanted type
     * @return the value
     * @throws io.pgconnector.errors.ConversionException       if the payload does not fit the type, naming the channel
     * @throws io.pgconnector.errors.FieldMismatchException    if a record component has no key in the JSON object
     * @throws io.pgconnector.errors.UnsupportedTypeException  if JSON is to be read and Jackson is not on the class path
     */
    public <T> T payloadAs(Class<T> type) {
        return Implementations.readPayload(this, Objects.requireNonNull(type, "type"));
    }

    /** Shows the channel, the sender and the payload's size, never the payload itself (it may be sensitive). */
    @Override
    public String toString() {
        return "Notification[channel=" + channel + ", senderPid=" + senderPid + ", payload=" + payload.length()
                + " chars]";
    }
}
