package io.pgconnector.notify;

/**
 * Handles the notifications of one channel. Runs on the listener's handler thread, one notification at a time, in
 * the order they arrived. An exception it throws is logged (without the payload) and the next notification is
 * handled; the failed one is not retried.
 */
@FunctionalInterface
public interface NotificationHandler {
    /**
     * Handles one notification.
     *
     * @param notification the notification
     * @throws Exception anything; logged, delivery continues
     */
    void handle(Notification notification) throws Exception;
}
