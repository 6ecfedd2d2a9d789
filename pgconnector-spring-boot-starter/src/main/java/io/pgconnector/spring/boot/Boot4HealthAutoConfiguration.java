package io.pgconnector.spring.boot;

import io.pgconnector.cdc.CdcListener;
import io.pgconnector.client.PostgresClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health indicators on Spring Boot 4 (spring-boot-health): {@code pgconnector} (the pool answers) and
 * {@code pgconnectorCdc} (the listener runs and keeps up). The same checks as {@link HealthAutoConfiguration} on
 * Boot 3; only the health types differ.
 */
@AutoConfiguration(after = {PgconnectorAutoConfiguration.class, CdcAutoConfiguration.class})
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnMissingClass("org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(PostgresClient.class)
public class Boot4HealthAutoConfiguration {

    /** Creates the auto-configuration. */
    public Boot4HealthAutoConfiguration() {
    }

    /**
     * The pool's health.
     *
     * @param client the client
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "pgconnectorHealthIndicator")
    public HealthIndicator pgconnectorHealthIndicator(PostgresClient client) {
        return new AbstractHealthIndicator("PostgreSQL health check failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                apply(builder, HealthChecks.pool(client));
            }
        };
    }

    static void apply(Health.Builder builder, HealthChecks.Check check) {
        builder.status(check.status()).withDetails(check.details());
    }

    /** The CDC listener's health. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(CdcListener.class)
    @ConditionalOnBean(CdcListener.class)
    static class CdcHealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "pgconnectorCdcHealthIndicator")
        HealthIndicator pgconnectorCdcHealthIndicator(CdcListener listener, PostgresClient client,
                CdcProperties properties, ObjectProvider<CdcInstrumentation> metrics) {
            return new AbstractHealthIndicator("CDC health check failed") {
                @Override
                protected void doHealthCheck(Health.Builder builder) {
                    CdcInstrumentation m = metrics.getIfUnique();
                    apply(builder, HealthChecks.cdc(listener, client,
                            m == null ? java.util.Optional.empty() : m.lag(), properties));
                }
            };
        }
    }
}
