package io.pgconnector.client.internal;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.client.PostgresClient;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads libpq connection URIs, pgjdbc URLs and {@code PG*} environment variables into a client builder. */
public final class ConnectionUris {
    private ConnectionUris() {
    }

    /**
     * Parses {@code postgresql://user:password@host:port/database?param=value} (several {@code host:port} separated
     * by commas allowed), or a pgjdbc URL {@code jdbc:postgresql://...} (see {@link JdbcUrls}).
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
        } else if (uri.startsWith("jdbc:postgresql:")) {
            return JdbcUrls.parse(uri);
        } else {
            throw new ConfigurationException("Unsupported connection URI scheme '" + scheme(uri) + "': a connection URI "
                    + "must start with postgresql://, postgres:// or jdbc:postgresql://");
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
        List<String> servers = rest.isEmpty() ? List.of() : List.of(rest.split(",", -1));
        String host = null;
        String port = null;
        ClientOptions.Builder options = ClientOptions.builder();
        TlsParameters tls = new TlsParameters();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String v = e.getValue();
            if (tls.accept(e.getKey(), v)) {
                continue;
            }
            switch (e.getKey()) {
                case "host": host = v; break;
                case "port": port = v; break;
                case "user": user = v; break;
                case "password": password = v; break;
                case "dbname": database = v; break;
                case "connect_timeout": options.connectTimeout(Duration.ofSeconds(parseInt("connect_timeout", v)));
                    break;
                case "application_name": options.applicationName(v); break;
                case "options": options.driverProperty("options", v); break;
                case "target_session_attrs": options.driverProperty("targetServerType", targetServerType(v)); break;
                default: options.driverProperty(e.getKey(), v);
            }
        }
        tls.applyTo(options);
        PostgresClient.Builder b = PostgresClient.builder();
        if (servers.size() > 1) {
            b.hosts(servers);
        } else if (servers.size() == 1) {
            String[] hostPort = splitServer(servers.get(0));
            host = host == null ? hostPort[0] : host;
            port = port == null ? hostPort[1] : port;
        }
        if (host != null && !host.isEmpty()) {
            b.host(host);
        }
        if (port != null && !port.isEmpty()) {
            b.port(parsePort(port));
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
     * Splits one server of a URI or of {@code Builder.hosts}: {@code host}, {@code host:port}, {@code [v6]:port}.
     *
     * @param server the server
     * @return the host and the port (null when absent)
     * @throws ConfigurationException if the server is empty or its brackets are unclosed
     */
    public static String[] splitServer(String server) {
        if (server == null || server.isBlank()) {
            throw new ConfigurationException("A server in a host list is empty");
        }
        String s = server.trim();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new ConfigurationException("Unclosed IPv6 address in host: " + s);
            }
            String port = close + 1 < s.length() && s.charAt(close + 1) == ':' ? s.substring(close + 2) : null;
            return new String[] {s.substring(1, close), port};
        }
        int colon = s.lastIndexOf(':');
        if (colon >= 0 && s.indexOf(':') == colon) {
            return new String[] {s.substring(0, colon), s.substring(colon + 1)};
        }
        return new String[] {s, null};
    }

    /**
     * Reads a port number.
     *
     * @param port the text
     * @return the port
     * @throws ConfigurationException if it is not a whole number
     */
    public static int parsePort(String port) {
        return parseInt("port", port);
    }

    private static String targetServerType(String libpq) {
        switch (libpq) {
            case "any": return "any";
            case "read-write": case "primary": return "primary";
            case "read-only": case "standby": return "secondary";
            case "prefer-standby": return "preferSecondary";
            default: throw new ConfigurationException("target_session_attrs must be any, read-write, read-only, "
                    + "primary, standby or prefer-standby, got '" + libpq + "'");
        }
    }

    private static String scheme(String uri) {
        int colon = uri.indexOf(':');
        return colon < 0 ? "(none)" : uri.substring(0, Math.min(colon, 40));
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
        String hostVar = env.get("PGHOST");
        String portVar = env.get("PGPORT");
        if (hostVar != null && hostVar.contains(",")) {
            b.hosts(envServers(hostVar, portVar));
        } else {
            if (hostVar != null && !hostVar.isEmpty()) {
                b.host(hostVar);
            }
            if (portVar != null && !portVar.isEmpty()) {
                b.port(parseInt("PGPORT", portVar));
            }
        }
        if ((v = env.get("PGTARGETSESSIONATTRS")) != null && !v.isEmpty()) {
            options.driverProperty("targetServerType", targetServerType(v.trim()));
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
        TlsParameters tls = new TlsParameters();
        tls.accept("sslmode", env.get("PGSSLMODE"));
        tls.accept("sslrootcert", env.get("PGSSLROOTCERT"));
        tls.accept("sslcert", env.get("PGSSLCERT"));
        tls.accept("sslkey", env.get("PGSSLKEY"));
        tls.applyTo(options);
        return b.options(options.build());
    }

    /**
     * libpq's multi-host form: {@code PGHOST=h1,h2} with {@code PGPORT} unset (5432 each), one port for all, or one
     * port per host.
     */
    private static List<String> envServers(String hostVar, String portVar) {
        String[] hosts = hostVar.split(",", -1);
        String[] ports = portVar == null || portVar.isEmpty() ? new String[] {"5432"} : portVar.split(",", -1);
        if (ports.length != 1 && ports.length != hosts.length) {
            throw new ConfigurationException("PGPORT must hold one port, or one per host of PGHOST (" + hosts.length
                    + " hosts, " + ports.length + " ports)");
        }
        List<String> servers = new ArrayList<>(hosts.length);
        for (int i = 0; i < hosts.length; i++) {
            String host = hosts[i].trim();
            if (host.isEmpty()) {
                throw new ConfigurationException("PGHOST lists an empty host: '" + hostVar + "'");
            }
            int port = parseInt("PGPORT", ports[ports.length == 1 ? 0 : i]);
            servers.add((host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port);
        }
        return servers;
    }

    static int parseInt(String name, String v) {
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

    static String redact(String pair) {
        return pair.toLowerCase(java.util.Locale.ROOT).contains("password") ? "password=****" : pair;
    }
}
