package io.pgconnector.client.internal;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.client.PostgresClient;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Reads pgjdbc URLs ({@code jdbc:postgresql://host:port/db?property=value}) with pgjdbc's own parser, so that every
 * form the driver accepts (several hosts, no host, IPv6, percent-encoding) means the same here.
 */
final class JdbcUrls {
    private static final String HOST = PGProperty.PG_HOST.getName();
    private static final String PORT = PGProperty.PG_PORT.getName();
    private static final String DBNAME = PGProperty.PG_DBNAME.getName();

    private JdbcUrls() {
    }

    /**
     * Parses a pgjdbc URL into a builder.
     *
     * @param url the URL, starting with {@code jdbc:postgresql:}
     * @return the builder
     * @throws ConfigurationException if pgjdbc cannot read the URL or a parameter is not a pgjdbc property; the
     *                                message never repeats the URL, which may hold a password
     */
    static PostgresClient.Builder parse(String url) {
        Properties p;
        try {
            p = Driver.parseURL(url, null);
        } catch (RuntimeException e) {
            p = null;
        }
        if (p == null) {
            throw new ConfigurationException("Malformed JDBC URL; expected "
                    + "jdbc:postgresql://host:port/database?property=value (several host:port separated by commas)");
        }
        PostgresClient.Builder b = PostgresClient.builder();
        ClientOptions.Builder options = ClientOptions.builder();
        TlsParameters tls = new TlsParameters();
        // Sorted so that an error about several unknown parameters always names the same one first.
        for (String name : new TreeSet<>(p.stringPropertyNames())) {
            String v = p.getProperty(name);
            if (name.equals(HOST) || name.equals(PORT) || name.equals(DBNAME) || tls.accept(name, v)) {
                continue;
            }
            switch (name) {
                case "user": if (!v.isEmpty()) {
                        b.username(v);
                    }
                    break;
                case "password": b.password(v); break;
                case "connectTimeout": options.connectTimeout(seconds(name, v)); break;
                case "socketTimeout": options.socketTimeout(seconds(name, v)); break;
                case "loginTimeout": options.loginTimeout(seconds(name, v)); break;
                case "ApplicationName": options.applicationName(v); break;
                case "currentSchema": options.currentSchema(v); break;
                default:
                    if (PGProperty.forName(name) == null) {
                        throw new ConfigurationException("Unknown parameter '" + name + "' in the JDBC URL: pgjdbc "
                                + "has no such connection property (names are case-sensitive, e.g. ApplicationName)");
                    }
                    options.driverProperty(name, v);
            }
        }
        tls.applyTo(options);
        String[] hosts = p.getProperty(HOST, "localhost").split(",", -1);
        String[] ports = p.getProperty(PORT, "5432").split(",", -1);
        List<String> servers = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            String port = i < ports.length && !ports[i].isEmpty() ? ports[i] : "5432";
            // pgjdbc keeps an IPv6 host's brackets, which Builder.hosts expects.
            servers.add(hosts[i] + ":" + port);
        }
        b.hosts(servers);
        String database = p.getProperty(DBNAME);
        if (database != null && !database.isEmpty()) {
            b.database(database);
        }
        return b.options(options.build());
    }

    private static Duration seconds(String name, String v) {
        return Duration.ofSeconds(ConnectionUris.parseInt(name, v));
    }
}
