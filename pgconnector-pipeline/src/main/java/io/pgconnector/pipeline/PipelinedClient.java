package io.pgconnector.pipeline;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.pipeline.internal.PipelinedOperations;

/**
 * Opens a {@link PostgresClient} whose short statements are pipelined: many concurrent callers share a few
 * connections, and each connection carries many of their statements at once instead of one round trip at a time. The
 * calls stay blocking and the API is the same {@code PostgresClient}; it pays off when there are more concurrent
 * callers (threads, virtual threads) than connections.
 *
 * <pre>{@code
 * PostgresClient client = PipelinedClient.open(PostgresClient.builder()
 *         .host("localhost").port(5432).database("shop").username("app").password("secret"), 4);
 * Order o = client.queryRow(Sql.of("SELECT * FROM orders WHERE id = ?", 42L), Order.class);
 * }</pre>
 *
 * <p><b>What is pipelined</b>: {@code queryRow}, {@code queryOptional} and {@code queryList} (each form), and
 * {@code execute} of an {@code UPDATE} or {@code DELETE} without {@code RETURNING}. Everything else runs on the JDBC
 * engine of the same client (its own HikariCP pool, built from the same settings): transactions (a pipelined
 * connection is shared, so it cannot hold one caller's transaction), {@code query} streams (a large result read in
 * constant memory needs a cursor on a connection of its own), COPY, {@code call}, batches, inserts (whose
 * {@code lastInsertId} comes from pgjdbc's generated keys) and statements with {@code RETURNING}.
 *
 * <p><b>Values</b>: a statement is pipelined only when its parameter values and result columns are of types whose
 * values the pipelined engine hands to pgconnector's row mapping exactly as the JDBC engine does: {@code int2},
 * {@code int4}, {@code int8}, {@code float4}, {@code float8}, {@code bool}, {@code text},
 * {@code varchar}, {@code bpchar}, {@code name}, {@code uuid}, {@code date}, {@code timestamp}, {@code timestamptz};
 * parameters of Java types {@code Long}, {@code Integer}, {@code Short}, {@code BigDecimal}, {@code Double},
 * {@code Float}, {@code Boolean}, {@code String} (where the server reads it as text), {@code UUID} and {@code null}.
 * A statement with any other type runs on the JDBC engine, so every type behaves exactly as with
 * {@link PostgresClient}. Each statement text is described once (parameter and column types, through pgjdbc) to take
 * that decision. A result is read whole: use {@code query} streams, not {@code queryList}, for large results.
 *
 * <p><b>Errors</b>: a failing statement fails only its own caller, with the same exception types and SQLSTATE as the
 * JDBC engine ({@code io.pgconnector.errors}); the other statements in the pipeline are not affected.
 *
 * <p><b>Connections</b> are opened from the same settings as the JDBC engine's, with the same meaning: every TLS mode,
 * root certificate and client certificate of {@code TlsOptions}, checked by the same code with the same messages;
 * the servers of {@code hosts(...)} (and replicas) tried in order with pgjdbc's {@code targetServerType}; the connect
 * timeout and TCP keep-alive of {@code ClientOptions}. The builder's {@code observer} sees every call once, whichever
 * engine runs it.
 *
 * <p>Calls must not be made from a Vert.x event-loop thread (they block). Platform and virtual threads are fine.
 */
public final class PipelinedClient {
    private PipelinedClient() {
    }

    /**
     * Opens a pipelined client with the given number of pipelined connections; the JDBC engine used for the other
     * verbs gets the builder's pool.
     *
     * @param settings    the connection settings (servers, database, user, password, options, TLS, observer), used
     *                    by both engines with the same meaning
     * @param connections the number of pipelined connections, at least 1
     * @return the client; closing it closes both engines
     * @throws ConfigurationException if the settings cannot be used by the pipelined engine
     * @throws io.pgconnector.errors.ConnectionException if the server cannot be reached
     */
    public static PostgresClient open(PostgresClient.Builder settings, int connections) {
        return open(settings, connections, 256);
    }

    /**
     * Opens a pipelined client.
     *
     * @param settings        the connection settings
     * @param connections     the number of pipelined connections, at least 1
     * @param pipeliningLimit the most statements in flight on one connection, at least 1 (default 256)
     * @return the client; closing it closes both engines
     * @throws ConfigurationException if a number is out of range or the settings cannot be used
     * @throws io.pgconnector.errors.ConnectionException if the server cannot be reached
     */
    public static PostgresClient open(PostgresClient.Builder settings, int connections, int pipeliningLimit) {
        if (settings == null) {
            throw new ConfigurationException("PipelinedClient.open needs the client settings, got null");
        }
        if (connections < 1 || pipeliningLimit < 1) {
            throw new ConfigurationException("PipelinedClient.open needs at least 1 connection and a pipelining "
                    + "limit of at least 1, got " + connections + " and " + pipeliningLimit);
        }
        return PipelinedOperations.open(settings, connections, pipeliningLimit);
    }
}
