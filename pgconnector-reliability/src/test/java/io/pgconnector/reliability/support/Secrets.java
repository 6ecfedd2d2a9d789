package io.pgconnector.reliability.support;

import io.pgconnector.client.ClientOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application role the failure tests connect as, with a password distinctive enough to be searched for in
 * logs, exception messages and {@code toString()}s.
 *
 * <p>The role is created with a SCRAM verifier computed here, so the password itself is never part of any SQL text
 * (pgjdbc's protocol trace, which the suite scans, would otherwise show the test's own {@code CREATE ROLE}).
 */
public final class Secrets {
    /** The application role's password. */
    public static final String PASSWORD = "Zq7-sEcReT-r3liab1lity-9xK";
    /** The application role. */
    public static final String ROLE = "app";

    static {
        LogCapture.watch(PASSWORD);
    }

    private Secrets() {
    }

    /**
     * Creates the role {@code app} if it does not exist and a database it owns.
     *
     * @param server the server
     * @param database the database to create
     * @return the database
     */
    public static PostgresDatabase appDatabase(EmbeddedPostgres server, String database) {
        superuser(server, "postgres", "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE
                + "') THEN CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + scramVerifier(PASSWORD) + "'; END IF; END $$");
        PostgresDatabase db = server.createDatabase(database);
        superuser(server, "postgres", "ALTER DATABASE " + database + " OWNER TO " + ROLE);
        return db;
    }

    /**
     * A client builder for the role {@code app} on a database.
     *
     * @param db the database
     * @param options the connection options
     * @return the builder
     */
    public static PostgresClient.Builder builder(PostgresDatabase db, ClientOptions options) {
        return PostgresClient.builder().host(db.host()).port(db.port()).database(db.database()).username(ROLE)
                .password(PASSWORD).options(options);
    }

    /**
     * Runs SQL as the superuser through plain JDBC (setup only).
     *
     * @param server the server
     * @param database the database
     * @param sql the statement
     */
    public static void superuser(EmbeddedPostgres server, String database, String sql) {
        try (Connection c = server.dataSource(database).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Setup failed: " + e.getMessage(), e);
        }
    }

    /**
     * Asserts that neither the throwable nor anything in its cause chain or suppressed exceptions shows the password,
     * in a message or in the stack trace text.
     *
     * @param t the throwable
     */
    public static void assertNotIn(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertThat(String.valueOf(c.getMessage())).as("message of %s", c.getClass().getName())
                    .doesNotContain(PASSWORD);
            assertThat(c.toString()).doesNotContain(PASSWORD);
        }
        assertThat(w.toString()).as("stack trace").doesNotContain(PASSWORD);
    }

    /**
     * Asserts that an object's {@code toString()} does not show the password.
     *
     * @param o the object
     */
    public static void assertNotInToString(Object o) {
        assertThat(String.valueOf(o)).as("toString of %s", o == null ? "null" : o.getClass().getName())
                .doesNotContain(PASSWORD);
    }

    /**
     * Asserts that no log line seen so far contained the password.
     */
    public static void assertNotLogged() {
        assertThat(LogCapture.hits(PASSWORD)).as("log lines that contain the password").isEmpty();
    }

    /** RFC 5802 / PostgreSQL's {@code SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey}. */
    static String scramVerifier(String password) {
        try {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            int iterations = 4096;
            SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            byte[] salted = pbkdf2.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256))
                    .getEncoded();
            byte[] clientKey = hmac(salted, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] serverKey = hmac(salted, "Server Key");
            Base64.Encoder b64 = Base64.getEncoder();
            return "SCRAM-SHA-256$" + iterations + ":" + b64.encodeToString(salt) + "$"
                    + b64.encodeToString(storedKey) + ":" + b64.encodeToString(serverKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }
}
