package io.pgconnector.spring.boot;

import io.pgconnector.cdc.CdcListener;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.ChangeSource;
import io.pgconnector.cdc.SnapshotMode;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.codec.LtreeCodec;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.types.Ltree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code pgconnector.cdc.*} settings of incremental snapshots (signal table, chunk size), parallel delivery and
 * codecs: {@code Codec} beans reach both the client and the listener. The same sources run on Boot 3 and 4.
 */
@WithPostgres
@Timeout(180)
class CdcSettingsTest {
    record Page(long id, Ltree path) {
    }

    /** Keeps the last event of each id, read or created. */
    @CdcTable("docs.pages")
    static class Pages implements CdcService<Page> {
        final Map<Long, Page> read = new ConcurrentHashMap<>();
        final Map<Long, Page> created = new ConcurrentHashMap<>();

        @Override
        public void onRead(Page row, ChangeSource src) {
            read.put(row.id(), row);
        }

        @Override
        public void onCreate(Page row, ChangeSource src) {
            created.put(row.id(), row);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class App {
        @Bean
        Pages pages() {
            return new Pages();
        }

        @Bean
        LtreeCodec ltreeCodec() {
            return new LtreeCodec();
        }
    }

    private static ApplicationContextRunner runner(PostgresDatabase db) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PgconnectorAutoConfiguration.class,
                        CdcAutoConfiguration.class))
                .withPropertyValues("pgconnector.url=" + db.uri(), "pgconnector.pool.max-open-connections=2",
                        "pgconnector.cdc.enabled=true", "pgconnector.cdc.offset-storage=memory",
                        "pgconnector.cdc.start-timeout=60s");
    }

    @Test
    void incrementalSnapshotWithParallelDeliveryAndACodecBeanOnClientAndListener(PostgresDatabase db)
            throws Exception {
        try (PostgresClient setup = PostgresClient.fromUri(db.uri())) {
            for (String sql : new String[] {"CREATE EXTENSION IF NOT EXISTS ltree", "CREATE SCHEMA docs",
                    "CREATE TABLE docs.pages (id bigint PRIMARY KEY, path ltree NOT NULL)",
                    "INSERT INTO docs.pages SELECT i, ('top.p' || i)::ltree FROM generate_series(1, 5) i"}) {
                setup.execute(Sql.of(sql));
            }
        }
        CdcListener[] seen = new CdcListener[1];
        runner(db).withUserConfiguration(App.class).withPropertyValues(
                "pgconnector.cdc.slot-name=boot_pages",
                "pgconnector.cdc.publication-name=boot_pages",
                "pgconnector.cdc.snapshot-mode=incremental",
                "pgconnector.cdc.signal-table=docs.signals",
                "pgconnector.cdc.incremental-snapshot-chunk-size=2",
                "pgconnector.cdc.delivery-threads=2").run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    CdcListener listener = ctx.getBean(CdcListener.class);
                    seen[0] = listener;
                    LtreeCodec codec = ctx.getBean(LtreeCodec.class);
                    assertThat(listener.config().snapshotMode()).isEqualTo(SnapshotMode.INCREMENTAL);
                    assertThat(listener.config().signalTable()).isEqualTo("docs.signals");
                    assertThat(listener.config().incrementalSnapshotChunkSize()).isEqualTo(2);
                    assertThat(listener.config().deliveryThreads()).isEqualTo(2);
                    assertThat(listener.config().codecs()).contains(codec);

                    // The client knows ltree through the bean: without the codec there is no Ltree mapping.
                    PostgresClient client = ctx.getBean(PostgresClient.class);
                    assertThat(client.queryRow(Sql.of("SELECT path FROM docs.pages WHERE id = ?", 1L), Ltree.class))
                            .isEqualTo(Ltree.parse("top.p1"));

                    // The incremental snapshot reads the existing rows (in chunks of 2) while changes stream, and
                    // the listener's codec makes the ltree column an Ltree.
                    Pages pages = ctx.getBean(Pages.class);
                    BootLine.await(() -> pages.read.size() == 5, "5 rows read by the incremental snapshot");
                    assertThat(pages.read.get(3L)).isEqualTo(new Page(3, Ltree.parse("top.p3")));
                    client.execute(Sql.of("INSERT INTO docs.pages VALUES (?, ?)", 6L, Ltree.parse("top.new")));
                    BootLine.await(() -> pages.created.containsKey(6L), "the new row to be delivered");
                    assertThat(pages.created.get(6L)).isEqualTo(new Page(6, Ltree.parse("top.new")));
                });
        assertThat(seen[0].isLive()).isFalse();
        seen[0].dropSlotAndPublication();
    }

    @Test
    void anInvalidSettingFailsTheStartAndNamesIt(PostgresDatabase db) {
        runner(db).withPropertyValues("pgconnector.cdc.delivery-threads=0").run(ctx -> {
            assertThat(ctx).hasFailed();
            Throwable cause = ctx.getStartupFailure();
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertThat(cause).hasMessageContaining("deliveryThreads");
        });
    }

    @Test
    void theNewSettingsHaveConfigurationMetadataForIdes() throws IOException {
        // Boot's own jars have a file of that name too: take the starter's.
        String metadata = null;
        for (java.net.URL url : java.util.Collections.list(getClass().getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (text.contains("\"pgconnector.cdc.enabled\"")) {
                    metadata = text;
                }
            }
        }
        assertThat(metadata).as("the starter's configuration metadata").isNotNull();
        assertThat(metadata).contains("\"pgconnector.cdc.signal-table\"", "\"pgconnector.cdc.signal-file\"",
                "\"pgconnector.cdc.incremental-snapshot-chunk-size\"", "\"pgconnector.cdc.delivery-threads\"",
                "Rows an incremental snapshot reads per chunk");
    }
}
