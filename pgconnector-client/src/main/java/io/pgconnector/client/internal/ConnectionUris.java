package io.pgconnector.client.internal;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.ConfigurationException;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.TlsMode;
import io.pgconnector.client.TlsOptions;
import io.pgconnector.client.internal.tls.TlsSettings;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads libpq connection URIs and {@code PG*} environment variables into a client builder. */
public final class ConnectionUris {
    private ConnectionUris() {
    }

    /**
     * Parses {@code postgresql://user:password@host:port/database?param=value}.
     *
     * @param uri the URI
     * @return a builder
     * @throws ConfigurationException if the URI is malformed (the message never repeats the password)
     */
    public static PostgresClient.Builder parse(String uri) {
        if (uri == null) {
            throw new ConfigurationException("The connection URI is null");
        }
        String rest;
        if (uri.startsWith("postgresql://")) {
            rest = uri.substring("postgresql://".length());
        } else if (uri.startsWith("postgres://")) {
            rest = uri.substring("postgres://".length());
        } else {
            throw new ConfigurationException("A connection URI must start with postgresql:// or postgres://");
        }
        Map<String, String> params = new LinkedHashMap<>();
        int q = rest.indexOf('?');
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new ConfigurationException("Malformed URI query parameter '" + redact(pair)
                            + "'; expected name=value");
                }
                params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
            rest = rest.substring(0, q);
        }
        String database = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            database = decode(rest.substring(slash + 1));
            rest = rest.substring(0, slash);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                user = decode(userInfo.substring(0, colon));
                password = decode(userInfo.substring(colon + 1));
            } else {
                user = decode(userInfo);
            }
        }
        if (rest.contains(",")) {
            throw new ConfigurationException("Several hosts in one URI are not supported: " + rest);
        }
        String host = null;
        String port = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new ConfigurationException("Unclosed IPv6 address in URI host: " + rest);
            }
            host = rest.substring(1, close);
            if (close + 1 < rest.length() && rest.charAt(close + 1) == ':') {
                port = rest.substring(close + 2);
            }
        } else if (!rest.isEmpty()) {
            int colon = rest.lastIndexOf(':');
            host = colon >= 0 ? rest.substring(0, colon) : rest;
            port = colon >= 0 ? rest.substring(colon + 1) : null;
        }
        PostgresClient.Builder b = PostgresClient.builder();
        ClientOptions.Builder options = ClientOptions.builder();
        TlsOptions.Builder tls = TlsOptions.builder();
        String sslCert = null;
        String sslKey = null;
        String sslPassword = null;
        boolean tlsChanged = false;
        for (Map.Entry<String, String> e : params.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "host": host = v; break;
                case "port": port = v; break;
                case "user": user = v; break;
                case "password": password = v; break;
                case "dbname": database = v; break;
                case "sslmode": tls.mode(TlsMode.parse(v)); tlsChanged = true; break;
                case "sslrootcert": tls.rootCertificate(Path.of(v)); tlsChanged = true; break;
                case "sslcert": sslCert = v; break;
                case "sslkey": sslKey = v; break;
                case "sslpassword": sslPassword = v; break;
                case "connect_timeout": options.connectTimeout(Duration.ofSeconds(parseInt("connect_timeout", v)));
                    break;
                case "application_name": options.applicationName(v); break;
                case "options": options.driverProperty("options", v); break;
                default: options.driverProperty(e.getKey(), v);
            }
        }
        applyClientCertificate(tls, sslCert, sslKey, sslPassword);
        if (tlsChanged || sslCert != null || sslKey != null) {
            options.tls(tls.build());
        }
        if (host != null && !host.isEmpty()) {
            b.host(host);
        }
        if (port != null && !port.isEmpty()) {
            b.port(parseInt("port", port));
        }
        if (user != null && !user.isEmpty()) {
            b.username(user);
        }
        if (database != null && !database.isEmpty()) {
            b.database(database);
        }
        b.password(password);
        return b.options(options.build());
    }

    /**
     * Reads the libpq environment variables.
     *
     * @param env the variables
     * @return a builder
     */
    public static PostgresClient.Builder fromEnvironment(Map<String, String> env) {
        PostgresClient.Builder b = PostgresClient.builder();
        ClientOptions.Builder options = ClientOptions.builder();
        String v;
        if ((v = env.get("PGHOST")) != null && !v.isEmpty()) {
            b.host(v);
        }
        if ((v = env.get("PGPORT")) != null && !v.isEmpty()) {
            b.port(parseInt("PGPORT", v));
        }
        if ((v = env.get("PGUSER")) != null && !v.isEmpty()) {
            b.username(v);
        }
        b.password(env.get("PGPASSWORD"));
        if ((v = env.get("PGDATABASE")) != null && !v.isEmpty()) {
            b.database(v);
        }
        if ((v = env.get("PGAPPNAME")) != null) {
            options.applicationName(v);
        }
        if ((v = env.get("PGCONNECT_TIMEOUT")) != null) {
            options.connectTimeout(Duration.ofSeconds(parseInt("PGCONNECT_TIMEOUT", v)));
        }
        if ((v = env.get("PGOPTIONS")) != null) {
            options.driverProperty("options", v);
        }
        TlsOptions.Builder tls = TlsOptions.builder();
        boolean tlsChanged = false;
        if ((v = env.get("PGSSLMODE")) != null) {
            tls.mode(TlsMode.parse(v));
            tlsChanged = true;
        }
        if ((v = env.get("PGSSLROOTCERT")) != null) {
            tls.rootCertificate(Path.of(v));
            tlsChanged = true;
        }
        applyClientCertificate(tls, env.get("PGSSLCERT"), env.get("PGSSLKEY"), null);
        if (tlsChanged || env.get("PGSSLCERT") != null || env.get("PGSSLKEY") != null) {
            options.tls(tls.build());
        }
        return b.options(options.build());
    }

    private static void applyClientCertificate(TlsOptions.Builder tls, String cert, String key, String password) {
        if (key != null && TlsSettings.isKeyStore(Path.of(key))) {
            tls.clientKeyStore(Path.of(key), password);
        } else if (cert != null || key != null) {
            if (cert == null || key == null) {
                throw new ConfigurationException("A client certificate needs both sslcert and sslkey "
                        + "(or an sslkey that is a .p12/.pfx key store)");
            }
            tls.clientCertificate(Path.of(cert), Path.of(key), password);
        }
    }

    private static int parseInt(String name, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name + " must be a whole number, got '" + v + "'");
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Malformed percent-encoding in the connection URI");
        }
    }

    private static String redact(String pair) {
        return pair.toLowerCase(java.util.Locale.ROOT).contains("password") ? "password=****" : pair;
    }
}
