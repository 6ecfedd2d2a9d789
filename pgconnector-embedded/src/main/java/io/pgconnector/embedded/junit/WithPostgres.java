package io.pgconnector.embedded.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against an embedded PostgreSQL server.
 *
 * <p>One server is started per distinct combination of attributes and shared by the whole test
 * run; it stops when the run ends. Each test class gets a fresh database, dropped after the class.
 * Constructors, lifecycle methods and test methods may declare parameters of type
 * {@link io.pgconnector.embedded.PostgresDatabase} (the class's database) and
 * {@link io.pgconnector.embedded.EmbeddedPostgres} (the shared server: do not stop or close it), and with
 * {@link #standby()} {@link io.pgconnector.embedded.EmbeddedStandby} (the class's own standby).
 *
 * <pre>{@code
 * @WithPostgres(tls = true)
 * class MyTest {
 *     @Test
 *     void works(PostgresDatabase db) throws SQLException {
 *         try (Connection c = db.dataSource().getConnection()) { ... }
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PostgresExtension.class)
public @interface WithPostgres {

    /**
     * Whether the server has TLS on.
     *
     * @return true for TLS
     * @see io.pgconnector.embedded.EmbeddedPostgres.Builder#tls(boolean)
     */
    boolean tls() default false;

    /**
     * Whether the server accepts TLS connections only.
     *
     * @return true to require TLS
     * @see io.pgconnector.embedded.EmbeddedPostgres.Builder#tlsRequired(boolean)
     */
    boolean tlsRequired() default false;

    /**
     * Whether the server demands a client certificate.
     *
     * @return true to require a client certificate
     * @see io.pgconnector.embedded.EmbeddedPostgres.Builder#clientCertRequired(boolean)
     */
    boolean clientCertRequired() default false;

    /**
     * Whether logical replication is enabled.
     *
     * @return true (the default) for {@code wal_level=logical}
     * @see io.pgconnector.embedded.EmbeddedPostgres.Builder#logicalReplication(boolean)
     */
    boolean logicalReplication() default true;

    /**
     * Extra server settings, each {@code name=value}.
     *
     * @return the settings
     * @see io.pgconnector.embedded.EmbeddedPostgres.Builder#setting(String, String)
     */
    String[] settings() default {};

    /**
     * Whether test classes may declare {@link io.pgconnector.embedded.EmbeddedStandby} parameters: each
     * class then gets its own streaming standby (started on first use, closed after the class) of a
     * primary shared by the classes with the same attributes. Databases created on the primary are
     * replicated; {@code standby.database(db.database())} reaches the class's database on the standby.
     * A class may stop, start or promote its standby.
     *
     * @return true to allow standby parameters
     * @see io.pgconnector.embedded.EmbeddedPostgres#startStandby()
     */
    boolean standby() default false;
}
