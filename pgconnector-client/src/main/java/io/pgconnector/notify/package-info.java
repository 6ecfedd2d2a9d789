/**
 * PostgreSQL {@code LISTEN}/{@code NOTIFY}: {@link io.pgconnector.notify.NotificationListener} receives notifications
 * on a dedicated connection without polling and hands them, as text or mapped into records, to handlers; notifications
 * are sent with {@link io.pgconnector.client.SqlOperations#notify(String, String)} on a client or in a transaction.
 */
package io.pgconnector.notify;
