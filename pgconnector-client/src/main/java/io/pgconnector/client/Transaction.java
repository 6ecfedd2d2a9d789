package io.pgconnector.client;

/**
 * A transaction in progress: every verb runs on the transaction's one connection. Handed to a
 * {@link TransactionCallback}; it is valid only while the callback runs. Streams opened on it are closed when the
 * transaction ends.
 */
public interface Transaction extends SqlOperations {
}
