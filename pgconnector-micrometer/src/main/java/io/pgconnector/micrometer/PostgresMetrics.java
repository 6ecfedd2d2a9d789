package io.pgconnector.micrometer;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.pgconnector.client.spi.ClientInfo;
import io.pgconnector.client.spi.ClientObserver;
import io.pgconnector.client.spi.OperationObserver;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Micrometer metrics (and, with an {@link ObservationRegistry}, an Observation per operation for tracing) for
 * {@link io.pgconnector.client.PostgresClient}s. Immutable and thread-safe; one instance may serve many clients.
 *
 * <pre>{@code
 * PostgresMetrics metrics = PostgresMetrics.builder(meterRegistry)
 *         .observationRegistry(observationRegistry)   // optional: spans for every operation
 *         .build();
 * PostgresClient client = PostgresClient.builder().host("db").database("shop")
 *         .observer(metrics)
 *         .build();
 * }</pre>
 *
 * <p>Per client: HikariCP's own pool meters ({@code hikaricp.connections.*}, tag {@code pool}); a timer
 * {@code pgconnector.client.operations} per verb, outcome and SQLSTATE class; {@code pgconnector.client.batch.rows}
 * for batches. The SQL text becomes a tag and a span attribute only with {@link Builder#recordSqlText(boolean)}.
 * Parameter values and passwords are never recorded.
 */
public final class PostgresMetrics implements ClientObserver {
    private final MeterRegistry meters;
    private final ObservationRegistry observations;
    private final boolean recordSqlText;
    private final boolean poolMetrics;

    private PostgresMetrics(Builder b) {
        this.meters = b.meters;
        this.observations = b.observations;
        this.recordSqlText = b.recordSqlText;
        this.poolMetrics = b.poolMetrics;
    }

    /**
     * Starts a builder.
     *
     * @param registry where the meters go
     * @return a builder
     */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    /**
     * Returns metrics with the defaults: pool and operation meters, no Observations, no SQL text.
     *
     * @param registry where the meters go
     * @return the metrics
     */
    public static PostgresMetrics of(MeterRegistry registry) {
        return builder(registry).build();
    }

    /**
     * Registers the client's pool meters and returns the observer of its operations; called by the client.
     *
     * @param client the client
     * @param pool   its pool
     * @return the operation observer
     */
    @Override
    public OperationObserver clientOpened(ClientInfo client, DataSource pool) {
        if (poolMetrics) {
            bindPool(pool);
        }
        return new OperationMetrics(client, meters, observations, recordSqlText);
    }

    private void bindPool(DataSource pool) {
        HikariDataSource hikari;
        try {
            hikari = pool.unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            return;
        }
        // A shared pool is bound by its first client; HikariCP allows one tracker per pool.
        synchronized (hikari) {
            if (hikari.getMetricsTrackerFactory() == null && hikari.getMetricRegistry() == null) {
                hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
            }
        }
    }

    /**
     * Returns the meter registry.
     *
     * @return the registry
     */
    public MeterRegistry meterRegistry() {
        return meters;
    }

    /** Builds {@link PostgresMetrics}. */
    public static final class Builder {
        private final MeterRegistry meters;
        private ObservationRegistry observations;
        private boolean recordSqlText;
        private boolean poolMetrics = true;

        private Builder(MeterRegistry meters) {
            this.meters = Objects.requireNonNull(meters, "registry");
        }

        /**
         * Creates an Observation per operation in this registry (default none), following OpenTelemetry's database
         * conventions, so that a Micrometer Tracing bridge turns them into spans.
         *
         * @param registry the registry, or null for none
         * @return this builder
         */
        public Builder observationRegistry(ObservationRegistry registry) {
            this.observations = registry;
            return this;
        }

        /**
         * Records the SQL text (with its {@code ?} placeholders, never the values) as the tag and span attribute
         * {@code db.query.text} (default off). Every distinct statement then makes its own timer: turn it on only
         * when the application's statements are few and fixed, and never splices values into SQL.
         *
         * @param on whether to record the SQL text
         * @return this builder
         */
        public Builder recordSqlText(boolean on) {
            this.recordSqlText = on;
            return this;
        }

        /**
         * Registers HikariCP's pool meters for each client's pool (default on). Turn it off when something else
         * (Spring Boot's DataSource metrics) already binds the pool.
         *
         * @param on whether to bind the pool
         * @return this builder
         */
        public Builder poolMetrics(boolean on) {
            this.poolMetrics = on;
            return this;
        }

        /**
         * Builds the metrics.
         *
         * @return the metrics
         */
        public PostgresMetrics build() {
            return new PostgresMetrics(this);
        }
    }
}
