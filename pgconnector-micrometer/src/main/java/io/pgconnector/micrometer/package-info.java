/**
 * Micrometer metrics and Observations for pgconnector: {@link io.pgconnector.micrometer.PostgresMetrics} for a
 * client (its pool and every operation) and {@link io.pgconnector.micrometer.CdcMetrics} for a CDC listener. See
 * {@code docs/observability.md} for every meter and tag.
 *
 * <p>Nothing in a meter, tag or span holds a parameter value or a password; the SQL text is recorded only when
 * asked for.
 */
package io.pgconnector.micrometer;
