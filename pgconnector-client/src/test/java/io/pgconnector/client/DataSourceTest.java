package io.pgconnector.client;

import io.pgconnector.errors.ClientClosedException;

import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
@Timeout(60)
class DataSourceTest {

    @Test
    void theDataSourceHandsOutTheClientsPooledConnections(PostgresDatabase db) throws SQLException {
        try (PostgresClient client = TestClients.client(db)) {
            DataSource ds = client.dataSource();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                assertThat(client.poolStats().active()).isEqualTo(1);
                s.execute("CREATE TABLE migrated(id int)");
                s.execute("INSERT INTO migrated VALUES (1)");
                try (ResultSet rs = s.executeQuery("SELECT current_setting('lc_monetary')")) {
                    rs.next();
                    // The client's session settings hold for the data source's connections too.
                    assertThat(rs.getString(1)).isEqualTo("C");
                }
            }
            assertThat(client.poolStats().active()).isZero();
            assertThat(client.queryRow(Sql.of("SELECT count(*) FROM migrated"), Long.class)).isEqualTo(1L);
        }
    }

    @Test
    void closingTheClientClosesItsDataSource(PostgresDatabase db) {
        PostgresClient client = TestClients.client(db);
        DataSource ds = client.dataSource();
        client.close();
        assertThatThrownBy(ds::getConnection).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("08003");
            assertThat(e.getCause()).isInstanceOf(ClientClosedException.class);
        });
        assertThatThrownBy(client::dataSource).isInstanceOf(ClientClosedException.class);
    }

    @Test
    void aClosedClientsDataSourceRefusesEvenWhenItsSharedPoolLivesOn(PostgresDatabase db) throws SQLException {
        PostgresClient.Builder shared = TestClients.builder(db)
                .pool(PoolOptions.builder().maxOpenConnections(2).minIdleConnections(1).shared(true).build());
        try (PostgresClient survivor = shared.build()) {
            PostgresClient closed = shared.build();
            DataSource ds = closed.dataSource();
            closed.close();
            assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class);
            try (Connection c = survivor.dataSource().getConnection()) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void theDataSourceDoesNotUnwrapToThePoolSoNobodyClosesItBehindTheClient(PostgresDatabase db)
            throws SQLException {
        try (PostgresClient client = TestClients.client(db)) {
            DataSource ds = client.dataSource();
            assertThat(ds.isWrapperFor(AutoCloseable.class)).isFalse();
            assertThatThrownBy(() -> ds.unwrap(AutoCloseable.class)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> ds.getConnection("other", "pw")).isInstanceOf(SQLException.class);
        }
    }
}
