package io.pgconnector.notify;

/**
 * Handles the notifications of one channel with the payload already read into a Java type (see
 * {@link Notification#payloadAs(Class)}). Runs like a {@link NotificationHandler}; a payload that cannot be read is
 * logged as a failure of this handler, naming the channel and the type, and delivery continues.
 *
 * @param <T> the payload type
 */
@FunctionalInterface
public interface PayloadHandler<T> {
    /**
     * Handles one notification.
     *
     * @param payload      the payload read into {@code T}
     * @param notification the notification it came from (channel, sender pid, raw payload)
     * @throws Exception anything; logged, delivery continues
     */
    void handle(T payload, Notification notification) throws Exception;
}
