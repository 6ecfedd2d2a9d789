package io.pgconnector.cdc;

/**
 * What the listener does with a change it could not deliver: a row that cannot be mapped to the row type, or a
 * callback that still throws after the {@link RetryPolicy}'s attempts. Either way the service's
 * {@link CdcService#onError} receives a {@link CdcException} whose {@link CdcException#source()} says which change
 * failed and whose {@link CdcException#eventJson()} holds the change itself.
 */
public enum EventErrorMode {
    /**
     * Stop the listener without committing the failed change or any later one; after the cause is fixed the next
     * {@link CdcListener#start()} delivers it again. Nothing is ever lost. The default.
     */
    STOP,
    /**
     * Report the failed change to {@code onError} (once, and at ERROR in the log) and go on with the next one: the
     * failed change's position is committed, so it is not delivered again. Every good change is still delivered.
     * This is how the Ballerina listener behaves; choose it when one bad row must not hold up the others and
     * {@code onError} keeps the failed change somewhere (a dead-letter table, an alert) from
     * {@link CdcException#eventJson()}.
     */
    REPORT_AND_CONTINUE
}
