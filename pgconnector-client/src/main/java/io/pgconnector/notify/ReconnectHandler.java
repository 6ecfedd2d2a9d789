package io.pgconnector.notify;

/**
 * Called after the listener lost its connection and listens again, to make up for the notifications that PostgreSQL
 * dropped meanwhile (typically: re-read the state, clear a cache). Runs on the handler thread, after every
 * notification received before the loss and before any received after it; by then every channel is listened on
 * again, so a change made after your re-read arrives as a notification.
 */
@FunctionalInterface
public interface ReconnectHandler {
    /**
     * Handles a gap.
     *
     * @param gap what was missed
     * @throws Exception anything; logged, delivery continues
     */
    void onReconnect(ConnectionGap gap) throws Exception;
}
