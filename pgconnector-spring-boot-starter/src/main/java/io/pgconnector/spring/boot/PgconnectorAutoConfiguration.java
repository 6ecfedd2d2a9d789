package io.pgconnector.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.spi.ClientObserver;
import io.pgconnector.codec.Codec;
import io.pgconnector.micrometer.PostgresMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;

/**
 * Creates a {@link PostgresClient} from {@code pgconnector.*} (or {@code spring.datasource.*}), exposes its pool as
 * the {@link DataSource} (so Flyway, Liquibase and JDBC use the same connections), and records Micrometer metrics
 * when a {@link MeterRegistry} and {@code pgconnector-micrometer} are present. Boot classes are named by string so
 * that one jar serves Spring Boot 3.5 and 4.0.
 */
@AutoConfiguration(
        beforeName = {
                "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"},
        afterName = {
                "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
                "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
                "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass(PostgresClient.class)
@ConditionalOnProperty(prefix = "pgconnector", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(PgconnectorProperties.class)
public class PgconnectorAutoConfiguration {

    /** Creates the auto-configuration. */
    public PgconnectorAutoConfiguration() {
    }

    /**
     * The client, connected when the context starts (a wrong host or password fails the start).
     *
     * @param properties the {@code pgconnector.*} settings
     * @param env        the environment, for the {@code spring.datasource.*} fallback
     * @param observer   the metrics observer, when there is one
     * @param codecs     the application's {@link Codec} beans (types the client does not know, such as
     *                   {@code hstore}), registered in their order: the last of a type or Java class wins
     * @return the client
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public PostgresClient postgresClient(PgconnectorProperties properties, Environment env,
            ObjectProvider<ClientObserver> observer, ObjectProvider<Codec<?>> codecs) {
        PostgresClient.Builder b = ClientBuilders.from(properties, env);
        codecs.orderedStream().forEach(b::codec);
        b.observer(observer.getIfUnique());
        return b.build();
    }

    /**
     * The client's pool as the application's DataSource. Closing the client closes it.
     *
     * @param client the client
     * @return the data source
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(DataSource.class)
    @ConditionalOnProperty(prefix = "pgconnector", name = "expose-data-source", matchIfMissing = true)
    public DataSource dataSource(PostgresClient client) {
        return client.dataSource();
    }

    /** Micrometer metrics and Observations for the client, when Boot has a MeterRegistry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, PostgresMetrics.class})
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnProperty(prefix = "pgconnector.metrics", name = "enabled", matchIfMissing = true)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean(ClientObserver.class)
        PostgresMetrics pgconnectorMetrics(MeterRegistry registry, ObjectProvider<ObservationRegistry> observations,
                PgconnectorProperties properties) {
            return PostgresMetrics.builder(registry)
                    .observationRegistry(observations.getIfUnique())
                    .recordSqlText(properties.getMetrics().isRecordSqlText())
                    .build();
        }
    }
}
