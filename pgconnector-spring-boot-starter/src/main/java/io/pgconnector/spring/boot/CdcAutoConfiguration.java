package io.pgconnector.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.pgconnector.cdc.CdcListener;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.OffsetStorage;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.codec.Codec;
import io.pgconnector.micrometer.CdcMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.util.Optional;

/**
 * With {@code pgconnector.cdc.enabled=true}: a {@link CdcListener} from {@code pgconnector.cdc.*} (connecting like
 * the client), the {@link CdcTable} beans attached to it, and the listener started and stopped with the context.
 */
@AutoConfiguration(after = PgconnectorAutoConfiguration.class)
@ConditionalOnClass(CdcListener.class)
@ConditionalOnBean(PostgresClient.class)
@ConditionalOnProperty(prefix = "pgconnector.cdc", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(CdcProperties.class)
public class CdcAutoConfiguration {

    /** Creates the auto-configuration. */
    public CdcAutoConfiguration() {
    }

    /**
     * The listener; the lifecycle bean starts and stops it.
     *
     * @param cdc    the {@code pgconnector.cdc.*} settings
     * @param client the client's settings
     * @param env    the environment
     * @param codecs the application's {@link Codec} beans, registered in their order (the last of a type wins), as
     *               on the client
     * @return the listener
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public CdcListener cdcListener(CdcProperties cdc, PgconnectorProperties client, Environment env,
            ObjectProvider<Codec<?>> codecs) {
        PostgresClient.Builder c = ClientBuilders.from(client, env);
        CdcListener.Builder b = CdcListener.builder()
                .host(c.host()).port(c.port())
                .database(c.database() != null ? c.database() : c.username())
                .username(cdc.getUsername() != null ? cdc.getUsername() : c.username())
                .password(cdc.getUsername() != null ? cdc.getPassword() : c.password())
                .tls(c.options().tls())
                .slotName(cdc.getSlotName())
                .publicationName(cdc.getPublicationName());
        if (cdc.getSnapshotMode() != null) {
            b.snapshotMode(cdc.getSnapshotMode());
        }
        if (cdc.getSignalTable() != null) {
            b.signalTable(cdc.getSignalTable());
        }
        if (cdc.getSignalFile() != null) {
            b.signalFile(cdc.getSignalFile());
        }
        if (cdc.getIncrementalSnapshotChunkSize() != null) {
            b.incrementalSnapshotChunkSize(cdc.getIncrementalSnapshotChunkSize());
        }
        if (cdc.getDeliveryThreads() != null) {
            b.deliveryThreads(cdc.getDeliveryThreads());
        }
        codecs.orderedStream().forEach(b::codec);
        if (!cdc.getIncludeTables().isEmpty()) {
            b.includeTables(cdc.getIncludeTables().toArray(String[]::new));
        }
        switch (cdc.getOffsetStorage()) {
            case MEMORY: b.offsetStorage(OffsetStorage.memory()); break;
            case JDBC: b.offsetStorage(OffsetStorage.jdbc(cdc.getOffsetTable())); break;
            default: b.offsetStorage(OffsetStorage.file(cdc.getOffsetFile())); break;
        }
        if (cdc.getHeartbeatInterval() != null) {
            b.heartbeatInterval(cdc.getHeartbeatInterval());
        }
        if (cdc.getStartTimeout() != null) {
            b.startTimeout(cdc.getStartTimeout());
        }
        if (cdc.getStopTimeout() != null) {
            b.stopTimeout(cdc.getStopTimeout());
        }
        return b.build();
    }

    /**
     * Attaches the {@link CdcTable} beans and runs the listener with the context.
     *
     * @param listener        the listener
     * @param context         the context holding the services
     * @param instrumentation the metrics, when there are
     * @return the lifecycle bean
     */
    @Bean
    public org.springframework.context.SmartLifecycle pgconnectorCdcLifecycle(CdcListener listener,
            ApplicationContext context, ObjectProvider<CdcInstrumentation> instrumentation) {
        return new CdcLifecycle(listener, context, instrumentation.getIfUnique());
    }

    /** CDC meters in Boot's registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, CdcMetrics.class})
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnProperty(prefix = "pgconnector.metrics", name = "enabled", matchIfMissing = true)
    static class CdcMetricsConfiguration {

        @Bean
        CdcInstrumentation pgconnectorCdcMetrics(CdcListener listener, MeterRegistry registry,
                PostgresClient client) {
            CdcMetrics metrics = CdcMetrics.bind(listener, registry).trackSlotLag(client);
            return new CdcInstrumentation() {
                @Override
                public <T> CdcService<T> instrument(CdcService<T> service) {
                    return metrics.instrument(service);
                }

                @Override
                public Optional<Duration> lag() {
                    return metrics.lag();
                }
            };
        }
    }
}
