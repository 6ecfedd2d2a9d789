/**
 * pgconnector's SQL client: typed queries, statements, batches, transactions and stored procedures over a HikariCP
 * pool of pgjdbc connections, with an immutable Java type for every PostgreSQL type.
 *
 * <ul>
 *   <li>{@code io.pgconnector.client}: {@link io.pgconnector.client.PostgresClient}, {@link io.pgconnector.client.Sql},
 *   options and results.</li>
 *   <li>{@code io.pgconnector.errors}: the exception hierarchy ({@code PostgresException} and its subclasses), below
 *   every other package so that value types and codecs do not depend on the client.</li>
 *   <li>{@code io.pgconnector.types}: the PostgreSQL value types ({@code Point}, {@code Range}, {@code Interval},
 *   {@code Jsonb}, {@code Inet}, ...).</li>
 *   <li>{@code io.pgconnector.mapping}: annotations that shape row and type mapping.</li>
 *   <li>{@code io.pgconnector.codec}: the codec SPI for PostgreSQL types the client does not know, and codecs for
 *   the {@code hstore}, {@code ltree} and {@code citext} extensions.</li>
 *   <li>{@code io.pgconnector.client.spi}: the observation SPI that metrics and tracing modules plug into.</li>
 *   <li>{@code io.pgconnector.notify}: {@code LISTEN}/{@code NOTIFY} notifications on a dedicated connection.</li>
 * </ul>
 *
 * <p>Records and classes that rows are mapped into must be accessible by reflection: if they live in a named module,
 * open their package to {@code io.pgconnector.client}.
 */
module io.pgconnector.client {
    exports io.pgconnector.client;
    exports io.pgconnector.errors;
    exports io.pgconnector.types;
    exports io.pgconnector.mapping;
    exports io.pgconnector.client.spi;
    exports io.pgconnector.notify;
    exports io.pgconnector.codec;
    // The CDC module maps change events with the same row mapper and connects with the same TLS settings.
    exports io.pgconnector.mapping.internal to io.pgconnector.cdc;
    exports io.pgconnector.client.internal to io.pgconnector.cdc;
    exports io.pgconnector.types.internal to io.pgconnector.cdc;
    // pgjdbc instantiates the TLS socket factory by name; the CDC module describes TLS failures the same way.
    exports io.pgconnector.client.internal.tls to org.postgresql.jdbc, io.pgconnector.cdc;
    // pgjdbc instantiates the socket factory that keeps socketTimeout without SO_TIMEOUT by name too.
    exports io.pgconnector.client.internal.net to org.postgresql.jdbc;

    requires transitive java.sql;
    requires org.postgresql.jdbc;
    requires com.zaxxer.hikari;
    requires org.slf4j;
    requires static com.fasterxml.jackson.databind;

    // Codecs for PostgreSQL types of extensions and applications, found on the class or module path.
    uses io.pgconnector.codec.Codec;
}
