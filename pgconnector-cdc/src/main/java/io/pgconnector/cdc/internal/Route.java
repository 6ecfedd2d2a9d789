package io.pgconnector.cdc.internal;

import io.pgconnector.cdc.CdcService;

/**
 * A service and the row type it takes (shared with the Kafka source of {@code pgconnector-cdc-kafka}).
 *
 * @param type    the row type
 * @param service the service
 * @param <T>     the row type
 */
public record Route<T>(Class<T> type, CdcService<T> service) {
}
