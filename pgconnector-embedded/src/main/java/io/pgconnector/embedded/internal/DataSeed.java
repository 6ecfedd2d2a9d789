package io.pgconnector.embedded.internal;

import java.io.IOException;
import java.nio.file.Path;

/** Fills a new, empty data directory instead of {@code initdb} (for a standby: a copy of the primary's). */
@FunctionalInterface
public interface DataSeed {

    /**
     * Fills the data directory.
     *
     * @param dataDirectory the empty directory, mode 0700
     * @throws IOException if files cannot be written
     */
    void populate(Path dataDirectory) throws IOException;
}
