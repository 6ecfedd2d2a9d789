package io.pgconnector.cdc.internal;

import io.pgconnector.cdc.CdcService;

/** A service and the row type it takes. */
record Route<T>(Class<T> type, CdcService<T> service) {
}
