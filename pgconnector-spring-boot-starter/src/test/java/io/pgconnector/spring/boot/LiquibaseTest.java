package io.pgconnector.spring.boot;

import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Boot's Liquibase auto-configuration migrates through the client's pool; the same sources run on Boot 3 and 4. */
@WithPostgres
@Timeout(120)
class LiquibaseTest {
    record Customer(long id, String name) {
    }

    @Test
    void liquibaseRunsItsChangelogThroughTheClientsDataSource(PostgresDatabase db) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PgconnectorAutoConfiguration.class, BootLine.liquibase()))
                .withPropertyValues(
                        "spring.datasource.url=" + db.jdbcUrl(),
                        "spring.datasource.username=" + db.username(),
                        "spring.datasource.password=" + db.password(),
                        "pgconnector.pool.pool-name=liquibase-pool",
                        "spring.liquibase.change-log=classpath:db/changelog/customers.sql").run(ctx -> {
                            assertThat(ctx).hasNotFailed();
                            PostgresClient client = ctx.getBean(PostgresClient.class);
                            DataSource dataSource = ctx.getBean(DataSource.class);
                            assertThat(dataSource).isSameAs(client.dataSource());
                            assertThat(ctx.getBean(SpringLiquibase.class).getDataSource()).isSameAs(dataSource);
                            // Both change sets ran, and the client sees what they made.
                            assertThat(client.queryRow(Sql.of("SELECT count(*) FROM databasechangelog"), Long.class))
                                    .isEqualTo(2);
                            client.execute(Sql.of("INSERT INTO customers VALUES (?, ?)", 2L, "Grace"));
                            assertThat(client.queryList(Sql.of("SELECT * FROM customers ORDER BY id"),
                                    Customer.class, 10))
                                    .containsExactly(new Customer(1, "Ada"), new Customer(2, "Grace"));
                        });
    }
}
