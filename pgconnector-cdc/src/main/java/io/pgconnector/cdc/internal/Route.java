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
    /** The route of a table whose changes are passed over without a callback (the signal table). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Route<Object> IGNORED = new Route<>(Object.class, new CdcService<Object>() {
    });
}
