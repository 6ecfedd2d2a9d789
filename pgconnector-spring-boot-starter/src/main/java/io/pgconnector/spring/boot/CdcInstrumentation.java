package io.pgconnector.spring.boot;

import io.pgconnector.cdc.CdcService;

import java.time.Duration;
import java.util.Optional;

/** What the CDC lifecycle and health ask of metrics, so that they run without Micrometer too. */
interface CdcInstrumentation {

    <T> CdcService<T> instrument(CdcService<T> service);

    Optional<Duration> lag();
}
