package io.pgconnector.benchmarks;

import io.pgconnector.embedded.EmbeddedPostgres;

/** The CDC comparison; wired once the CDC module is available. */
final class CdcBenchLauncher {
    private CdcBenchLauncher() {
    }

    static void run(EmbeddedPostgres server, Bench.Mode mode) {
        System.out.println("\n== cdc: not available in this build");
    }
}
