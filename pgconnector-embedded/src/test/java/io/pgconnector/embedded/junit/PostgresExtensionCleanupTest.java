package io.pgconnector.embedded.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * JUnit 5.10 to 5.12 close only {@code CloseableResource} store values and 5.13+ prefer {@code AutoCloseable}: a
 * resource that only one of them closes leaks a running server on the other versions. The build runs this test on
 * JUnit 5.10, 5.14 and 6.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresExtensionCleanupTest {

    @Test
    void theServerStartedForARunIsStoppedWhenTheRunEnds() {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Fixture.class)).build(),
                summary);

        assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(1);
        assertThat(Fixture.server).isNotNull();
        assertThat(Fixture.server.isRunning()).isFalse();
    }

    /** Run only by the launcher above (nested classes are not discovered on their own). */
    @WithPostgres
    static class Fixture {
        static volatile EmbeddedPostgres server;

        @Test
        void usesAServer(EmbeddedPostgres server, PostgresDatabase database) {
            Fixture.server = server;
            assertThat(server.isRunning()).isTrue();
            assertThat(database.server()).isSameAs(server);
        }
    }
}
