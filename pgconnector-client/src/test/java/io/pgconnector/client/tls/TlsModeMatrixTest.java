package io.pgconnector.client.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgconnector.errors.AuthenticationException;
import io.pgconnector.errors.ConnectionException;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.TlsMode;
import io.pgconnector.client.TlsOptions;
import io.pgconnector.embedded.EmbeddedPostgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each of the six modes against a server with TLS off, TLS on (plain and TLS accepted) and TLS required (hostssl
 * only): whether the client connects and, if it does, whether pg_stat_ssl shows the session encrypted. The expected
 * table is libpq's.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsModeMatrixTest {

    enum Server { OFF, ON, REQUIRED }

    /** The outcome of one mode against one server: connected plain, connected encrypted, or refused. */
    enum Outcome { PLAIN, ENCRYPTED, REFUSED }

    private static final Map<TlsMode, List<Outcome>> LIBPQ = Map.of(
            // server:            OFF              ON                 REQUIRED
            TlsMode.DISABLE, List.of(Outcome.PLAIN, Outcome.PLAIN, Outcome.REFUSED),
            TlsMode.ALLOW, List.of(Outcome.PLAIN, Outcome.PLAIN, Outcome.ENCRYPTED),
            TlsMode.PREFER, List.of(Outcome.PLAIN, Outcome.ENCRYPTED, Outcome.ENCRYPTED),
            TlsMode.REQUIRE, List.of(Outcome.REFUSED, Outcome.ENCRYPTED, Outcome.ENCRYPTED),
            TlsMode.VERIFY_CA, List.of(Outcome.REFUSED, Outcome.ENCRYPTED, Outcome.ENCRYPTED),
            TlsMode.VERIFY_FULL, List.of(Outcome.REFUSED, Outcome.ENCRYPTED, Outcome.ENCRYPTED));

    private static EmbeddedPostgres off;
    private static EmbeddedPostgres on;
    private static EmbeddedPostgres required;

    @BeforeAll
    static void start() {
        off = EmbeddedPostgres.builder().logicalReplication(false).start();
        on = EmbeddedPostgres.builder().logicalReplication(false).tls(true).start();
        required = EmbeddedPostgres.builder().logicalReplication(false).tlsRequired(true).start();
    }

    @AfterAll
    static void stop() {
        for (EmbeddedPostgres pg : new EmbeddedPostgres[] {off, on, required}) {
            if (pg != null) {
                pg.close();
            }
        }
    }

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (TlsMode mode : TlsMode.values()) {
            for (Server server : Server.values()) {
                out.add(Arguments.of(mode, server, LIBPQ.get(mode).get(server.ordinal())));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} against TLS {1}: {2}")
    @MethodSource("cases")
    void modeAgainstServer(TlsMode mode, Server server, Outcome expected) {
        EmbeddedPostgres pg = server == Server.OFF ? off : server == Server.ON ? on : required;
        // The TLS-off server has no certificates; its clients use the CA of the TLS server (never consulted).
        TlsOptions tls = TlsOptions.builder().mode(mode)
                .rootCertificate(mode.verifiesCertificate() ? on.tlsFiles().orElseThrow().caCert() : null)
                .build();
        if (expected == Outcome.REFUSED) {
            assertThatThrownBy(() -> TlsClients.connect(pg, tls).close())
                    .satisfies(e -> {
                        if (server == Server.OFF) {
                            assertThat(e).isInstanceOf(ConnectionException.class)
                                    .hasMessageContaining("does not accept TLS connections");
                        } else {
                            assertThat(e).isInstanceOf(AuthenticationException.class)
                                    .hasMessageContaining("no encryption")
                                    .hasMessageContaining("accepts only TLS connections");
                        }
                    });
            return;
        }
        try (PostgresClient client = TlsClients.connect(pg, tls)) {
            assertThat(TlsClients.encrypted(client)).isEqualTo(expected == Outcome.ENCRYPTED);
        }
    }
}
