package io.pgconnector.cdc.internal;

import io.pgconnector.cdc.CdcException;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** What the status reports about delivery; kept across the listener's starts. */
final class Counters {
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile Instant lastCommitTime;
    private volatile CdcException lastError;

    void delivered(Instant commitTime) {
        delivered.incrementAndGet();
        lastCommitTime = commitTime;
    }

    void retried() {
        retries.incrementAndGet();
    }

    void error(CdcException e) {
        lastError = e;
    }

    long delivered() {
        return delivered.get();
    }

    long retries() {
        return retries.get();
    }

    Instant lastCommitTime() {
        return lastCommitTime;
    }

    CdcException lastError() {
        return lastError;
    }
}
