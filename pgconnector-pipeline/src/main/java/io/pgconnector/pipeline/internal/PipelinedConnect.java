package io.pgconnector.pipeline.internal;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.TlsMode;
import io.pgconnector.client.internal.tls.TlsContexts;
import io.pgconnector.client.internal.tls.TlsProperties;
import io.pgconnector.client.internal.tls.TlsSettings;
import io.pgconnector.errors.ConfigurationException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnectOptions;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TimeZone;
import java.util.function.Supplier;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509KeyManager;

/**
 * The pipelined engine's connection settings, taken from the same {@link PostgresClient.Builder} as the JDBC engine's
 * and meaning the same: every server of {@link PostgresClient.Builder#hosts()} (and the replicas) tried in order for
 * each new connection, with pgjdbc's {@code targetServerType}; the connect timeout and TCP keep-alive of
 * {@link ClientOptions}; TLS with the client's own certificate checks and client keys ({@link TlsContexts}), so that
 * every mode, key format and refusal message is the JDBC engine's.
 */
final class PipelinedConnect {
    /** Which server a connection may land on: pgjdbc's {@code targetServerType}. */
    enum Role {
        ANY, PRIMARY, SECONDARY, PREFER_PRIMARY, PREFER_SECONDARY;

        static Role parse(String targetServerType) {
            switch (targetServerType == null ? "any" : targetServerType.toLowerCase(Locale.ROOT)) {
                case "any": return ANY;
                case "primary": case "master": case "read-write": return PRIMARY;
                case "secondary": case "standby": case "read-only": return SECONDARY;
                case "preferprimary": return PREFER_PRIMARY;
                case "prefersecondary": case "preferstandby": return PREFER_SECONDARY;
                default: throw new ConfigurationException("Unknown targetServerType '" + targetServerType
                        + "': use any, primary, secondary, preferPrimary or preferSecondary");
            }
        }

        /** The value of {@code transaction_read_only} a server of this role shows. */
        String readOnly() {
            return this == PRIMARY || this == PREFER_PRIMARY ? "off" : "on";
        }
    }

    final List<PgConnectOptions> servers;
    final NetClientOptions net;
    final Role role;
    private final RecordingTrust trust;

    private PipelinedConnect(List<PgConnectOptions> servers, NetClientOptions net, Role role, RecordingTrust trust) {
        this.servers = servers;
        this.net = net;
        this.role = role;
        this.trust = trust;
    }

    /**
     * Gives a failed connection the reason the JDBC engine would give: Vert.x reports a refused server certificate
     * only as "SSL handshake failed", without the cause, so the last refusal of this client's certificate check is
     * put back under it (where {@code Errors} finds it and says what was wrong); a server with TLS off is reported
     * in pgjdbc's words, which the client's message is keyed on.
     *
     * @param failure what Vert.x reported
     * @return the failure with its reason, or {@code failure} itself
     */
    Throwable explain(Throwable failure) {
        if (String.valueOf(failure.getMessage()).contains("does not handle SSL connection")) {
            // Vert.x's words for a server with TLS off; pgjdbc's, which the client's messages are keyed on.
            return new PSQLException("The server does not support SSL.", PSQLState.CONNECTION_REJECTED, failure);
        }
        CertificateException rejected = trust == null ? null : trust.lastRejected;
        if (rejected == null || !String.valueOf(failure.getMessage()).contains("SSL handshake failed")) {
            return failure;
        }
        SSLHandshakeException e = new SSLHandshakeException(failure.getMessage());
        e.initCause(rejected);
        e.addSuppressed(failure);
        return e;
    }

    /**
     * Reads the settings.
     *
     * @param b               the builder of the client
     * @param pipeliningLimit statements in flight per connection
     * @return the settings
     * @throws ConfigurationException if a TLS file cannot be used or {@code targetServerType} is unknown
     */
    static PipelinedConnect of(PostgresClient.Builder b, int pipeliningLimit) {
        ClientOptions o = b.options();
        Role role = Role.parse(o.driverProperties().get("targetServerType"));
        List<String> hosts = new ArrayList<>(b.hosts());
        if (!b.replicas().isEmpty()) {
            // As the JDBC engine's own pool: every server, and the connection goes to the primary.
            for (String replica : b.replicas()) {
                if (!hosts.contains(replica)) {
                    hosts.add(replica);
                }
            }
            if (!o.driverProperties().containsKey("targetServerType")) {
                role = Role.PRIMARY;
            }
        }
        RecordingTrust trust = o.tls().mode() == TlsMode.DISABLE ? null : new RecordingTrust(settings(o));
        ClientSSLOptions ssl = trust == null ? null : ssl(settings(o), trust);
        List<PgConnectOptions> servers = new ArrayList<>();
        for (String server : hosts) {
            PgConnectOptions connect = new PgConnectOptions().setHost(hostOf(server)).setPort(portOf(server))
                    .setUser(b.username()).setPassword(b.password() == null ? "" : b.password())
                    .setDatabase(b.database() == null ? b.username() : b.database())
                    .setPipeliningLimit(pipeliningLimit).setCachePreparedStatements(true)
                    .setPreparedStatementCacheMaxSize(256)
                    .setSslMode(sslMode(o.tls().mode()));
            if (ssl != null) {
                connect.setSslOptions(ssl);
            }
            // The session settings pgjdbc makes, so that server-side conversions give the same results.
            connect.addProperty("application_name", o.applicationName() == null ? "pgconnector"
                    : o.applicationName());
            connect.addProperty("TimeZone", TimeZone.getDefault().getID());
            if (o.currentSchema() != null) {
                connect.addProperty("search_path", o.currentSchema());
            }
            servers.add(connect);
        }
        NetClientOptions net = new NetClientOptions().setTcpKeepAlive(o.tcpKeepAlive())
                .setConnectTimeout(millis(o.connectTimeout().toMillis()));
        return new PipelinedConnect(List.copyOf(servers), net, role, trust);
    }

    private static int millis(long ms) {
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    /**
     * TLS through the client's own checks: the trust manager checks the server's certificate as the mode says
     * (nothing below VERIFY_CA, the chain in VERIFY_CA, the chain and the host name in VERIFY_FULL, with the JDBC
     * engine's messages), the key manager presents the client certificate. Vert.x itself is told only to encrypt
     * (its REQUIRE), so that no check of its own differs from the JDBC engine's.
     */
    private static ClientSSLOptions ssl(TlsSettings settings, RecordingTrust trust) {
        ClientSSLOptions ssl = new ClientSSLOptions().setHostnameVerificationAlgorithm("")
                .setTrustOptions(TrustOptions.wrap(trust));
        X509KeyManager key = TlsContexts.keyManager(settings);
        if (key != null) {
            ssl.setKeyCertOptions(KeyCertOptions.wrap(key));
        }
        return ssl;
    }

    private static TlsSettings settings(ClientOptions o) {
        Properties props = new Properties();
        props.putAll(TlsProperties.of(o.tls()));
        return TlsSettings.fromDriverProperties(props);
    }

    private static SslMode sslMode(TlsMode mode) {
        switch (mode) {
            case DISABLE: return SslMode.DISABLE;
            case ALLOW: return SslMode.ALLOW;
            case PREFER: return SslMode.PREFER;
            default: return SslMode.REQUIRE;
        }
    }

    static String hostOf(String server) {
        if (server.startsWith("[")) {
            return server.substring(1, server.indexOf(']'));
        }
        int colon = server.lastIndexOf(':');
        return colon < 0 ? server : server.substring(0, colon);
    }

    static int portOf(String server) {
        int colon = server.lastIndexOf(':');
        return colon < 0 || server.endsWith("]") ? 5432 : Integer.parseInt(server.substring(colon + 1));
    }

    /**
     * Builds the pipelined client: one server is connected to directly; several (or a role to find) are tried in
     * order for each new connection, as pgjdbc does.
     *
     * @param vertx       the Vert.x instance
     * @param connections the pool size
     * @return the client
     */
    SqlClient client(Vertx vertx, int connections) {
        io.vertx.sqlclient.ClientBuilder<SqlClient> builder = PgBuilder.client()
                .with(new PoolOptions().setMaxSize(connections)
                        // No timer per statement for the wait for a connection (a timer costs the event loop a task
                        // to set and one to cancel): the caller's own wait is bounded by the socket timeout, and a
                        // failed connect fails the statements waiting for it.
                        .setConnectionTimeout(0)).with(net).using(vertx);
        if (servers.size() == 1 && role == Role.ANY) {
            return builder.connectingTo(servers.get(0)).build();
        }
        NetClient probe = vertx.createNetClient(new NetClientOptions(net));
        Supplier<Future<SqlConnectOptions>> inOrder = () -> pick(vertx, probe, 0, 0, null);
        return builder.connectingTo(inOrder).build();
    }

    /**
     * The first server (from {@code i}) that answers and has the role; a preferred role makes a second pass that
     * takes any server that answers.
     */
    private Future<SqlConnectOptions> pick(Vertx vertx, NetClient probe, int pass, int i, Throwable last) {
        if (i == servers.size()) {
            if (pass == 0 && (role == Role.PREFER_PRIMARY || role == Role.PREFER_SECONDARY)) {
                return pick(vertx, probe, 1, 0, last);
            }
            return Future.failedFuture(last);
        }
        PgConnectOptions server = servers.get(i);
        // A TCP connection first: it honours the connect timeout, so a server that is down costs at most that.
        Future<Void> reachable = probe.connect(server.getPort(), server.getHost()).compose(s -> s.close());
        Future<Void> fits = role == Role.ANY || pass == 1 ? reachable : reachable.compose(v -> hasRole(vertx, server));
        return fits.<SqlConnectOptions>map(server).recover(e -> pick(vertx, probe, pass, i + 1, e));
    }

    private Future<Void> hasRole(Vertx vertx, PgConnectOptions server) {
        return PgConnection.connect(vertx, server).compose(c -> c.query("SHOW transaction_read_only").execute()
                .eventually(() -> c.close())
                .compose(rows -> role.readOnly().equals(rows.iterator().next().getString(0)) ? Future.succeededFuture()
                        : Future.failedFuture(new WrongRole(server.getHost() + ":" + server.getPort() + " is not a "
                                + (role.readOnly().equals("off") ? "primary" : "standby") + " (targetServerType)"))));
    }

    /** The client's certificate check, remembering its last refusal (see {@link #explain}). */
    private static final class RecordingTrust extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager check;
        volatile CertificateException lastRejected;

        RecordingTrust(TlsSettings settings) {
            this.check = TlsContexts.trustManager(settings);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            try {
                check.checkServerTrusted(chain, authType, engine);
                lastRejected = null;
            } catch (CertificateException e) {
                lastRejected = e;
                throw e;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return check.getAcceptedIssuers();
        }
    }

    /** A server answered but does not have the role the connection needs. */
    static final class WrongRole extends io.vertx.core.VertxException {
        private static final long serialVersionUID = 1L;

        WrongRole(String message) {
            super(message, true);
        }
    }
}
