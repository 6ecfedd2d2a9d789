package io.pgconnector.cdc;

import io.pgconnector.types.Json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A message written into the write-ahead log with {@code pg_logical_emit_message(transactional, prefix, content)}:
 * an outbox without an outbox table. A transactional message is delivered only if its transaction commits, in commit
 * order and at its place among the transaction's row changes; a non-transactional one is delivered at once, even if
 * the transaction that wrote it rolls back. Immutable.
 *
 * <pre>{@code
 * // in the application's transaction:
 * tx.execute(Sql.of("SELECT pg_logical_emit_message(true, 'orders', ?::text)", json));
 * // in the listener:
 * listener.attachMessages((message, src) -> publish(message.json()), "orders");
 * }</pre>
 */
public final class LogicalMessage {
    private final String prefix;
    private final byte[] content;
    private final boolean transactional;

    /**
     * Creates a message.
     *
     * @param prefix        the prefix it was written with
     * @param content       its content (copied)
     * @param transactional whether it was written as part of its transaction
     */
    public LogicalMessage(String prefix, byte[] content, boolean transactional) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.content = Objects.requireNonNull(content, "content").clone();
        this.transactional = transactional;
    }

    /**
     * Returns the prefix the message was written with (its services are routed by it).
     *
     * @return the prefix
     */
    public String prefix() {
        return prefix;
    }

    /**
     * Returns the content as written.
     *
     * @return a copy of the content bytes
     */
    public byte[] content() {
        return content.clone();
    }

    /**
     * Returns the content as UTF-8 text (a {@code text} argument of {@code pg_logical_emit_message} is stored as the
     * database's encoding; UTF-8 databases are the norm).
     *
     * @return the text
     */
    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /**
     * Returns the content as a JSON value.
     *
     * @return the JSON
     * @throws io.pgconnector.errors.ConversionException if the content is not valid JSON
     */
    public Json json() {
        return Json.of(text());
    }

    /**
     * Reads the JSON content into a Java object with Jackson (an optional dependency).
     *
     * @param type the Java type, such as your own record
     * @param <T>  the Java type
     * @return the object
     * @throws io.pgconnector.errors.ConversionException      if the content is not valid JSON or does not fit
     * @throws io.pgconnector.errors.UnsupportedTypeException if Jackson is not on the class path
     */
    public <T> T json(Class<T> type) {
        return json().read(type);
    }

    /**
     * Tells whether the message was written as part of a transaction ({@code pg_logical_emit_message(true, ...)}).
     *
     * @return true for a transactional message
     */
    public boolean transactional() {
        return transactional;
    }

    /**
     * Compares prefix, content and transactional flag.
     *
     * @param o the other object
     * @return whether equal
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof LogicalMessage m && m.prefix.equals(prefix) && m.transactional == transactional
                && Arrays.equals(m.content, content);
    }

    /**
     * Hashes prefix, content and transactional flag.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return Objects.hash(prefix, transactional, Arrays.hashCode(content));
    }

    /**
     * Describes the message without its content (which may hold personal data).
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "LogicalMessage[prefix=" + prefix + ", " + content.length + " bytes"
                + (transactional ? ", transactional" : "") + "]";
    }
}
