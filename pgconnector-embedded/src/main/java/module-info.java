/**
 * A real PostgreSQL server for tests and examples, without Docker, and a JUnit Jupiter (5.10+, 6.x) extension for it.
 */
module io.pgconnector.embedded {
    exports io.pgconnector.embedded;
    exports io.pgconnector.embedded.junit;

    requires transitive java.sql;
    requires org.slf4j;
    requires org.postgresql.jdbc;
    requires embedded.postgres;
    requires org.apache.commons.compress;
    requires org.tukaani.xz;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires static org.junit.jupiter.api;
}
