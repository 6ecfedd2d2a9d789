/**
 * The observation SPI: how a metrics or tracing module (such as {@code pgconnector-micrometer}) learns of a client's
 * pool and of every operation it runs, without the client depending on that module. Applications pass a
 * {@link io.pgconnector.client.spi.ClientObserver} to
 * {@link io.pgconnector.client.PostgresClient.Builder#observer(ClientObserver)}; they rarely implement one.
 *
 * <p>What reaches an observer is the verb, the SQL text (with {@code ?} placeholders, never the bound values), the
 * outcome and the row count. Parameter values and passwords are never passed to it.
 */
package io.pgconnector.client.spi;
