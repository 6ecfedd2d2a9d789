package io.pgconnector.cdc;

import static io.pgconnector.cdc.CdcTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgconnector.embedded.PostgresDatabase;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Snapshot reads, create/update/delete with and without before images, truncate, and routing. */
class ChangeEventsTest extends CdcTestBase {
    record Item(long id, String name, BigDecimal price) {
    }

    record Note(int id, String body) {
    }

    @Test
    void snapshotThenCreateUpdateDeleteWithFullBeforeImages(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE items (id bigint PRIMARY KEY, name text, price numeric(10,2))",
                "ALTER TABLE items REPLICA IDENTITY FULL",
                "INSERT INTO items VALUES (1, 'one', 1.10), (2, 'two', 2.20)");
        Recorder<Item> items = new Recorder<>();
        CdcListener listener = CdcTestSupport.listener(db, "events_full").build();
        listener.attach(Item.class, items, "public.items");
        listener.start();
        try {
            assertThat(listener.isLive()).isTrue();
            List<Recorder.Event<Item>> reads = items.awaitEvents(2, WAIT);
            assertThat(reads).extracting(Recorder.Event::op).containsOnly(Operation.READ);
            assertThat(reads).extracting(e -> e.after().name()).containsExactlyInAnyOrder("one", "two");
            assertThat(reads.get(0).src().snapshot()).isTrue();
            assertThat(reads.get(0).after().price()).isInstanceOf(BigDecimal.class);

            exec(client, "INSERT INTO items VALUES (3, 'three', 3.30)",
                    "UPDATE items SET name = 'uno', price = 1.15 WHERE id = 1",
                    "DELETE FROM items WHERE id = 2");
            List<Recorder.Event<Item>> all = items.awaitEvents(5, WAIT);
            Recorder.Event<Item> create = all.get(2);
            assertThat(create.op()).isEqualTo(Operation.CREATE);
            assertThat(create.after()).isEqualTo(new Item(3, "three", new BigDecimal("3.30")));
            assertThat(create.src().snapshot()).isFalse();
            assertThat(create.src().qualifiedTable()).isEqualTo("public.items");
            assertThat(create.src().lsn().value()).isPositive();
            assertThat(create.src().txId()).isNotNull();
            assertThat(create.src().commitTime()).isNotNull();

            Recorder.Event<Item> update = all.get(3);
            assertThat(update.op()).isEqualTo(Operation.UPDATE);
            assertThat(update.before()).isEqualTo(new Item(1, "one", new BigDecimal("1.10")));
            assertThat(update.after()).isEqualTo(new Item(1, "uno", new BigDecimal("1.15")));
            assertThat(update.src().lsn()).isGreaterThan(create.src().lsn());

            Recorder.Event<Item> delete = all.get(4);
            assertThat(delete.op()).isEqualTo(Operation.DELETE);
            assertThat(delete.before()).isEqualTo(new Item(2, "two", new BigDecimal("2.20")));
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
        assertThat(listener.isLive()).isFalse();
    }

    @Test
    void withDefaultReplicaIdentityBeforeImagesHoldOnlyTheKey(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE items_default (id bigint PRIMARY KEY, name text, price numeric(10,2))");
        Recorder<Map<String, Object>> rows = new Recorder<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Map<String, Object>> mapType = (Class) Map.class;
        CdcListener listener = CdcTestSupport.listener(db, "events_default").snapshotMode(SnapshotMode.NEVER)
                .build();
        listener.attach(mapType, rows, "items_default");
        listener.start();
        try {
            exec(client, "INSERT INTO items_default VALUES (1, 'one', 1.10)",
                    "UPDATE items_default SET name = 'uno' WHERE id = 1",
                    "DELETE FROM items_default WHERE id = 1");
            List<Recorder.Event<Map<String, Object>>> all = rows.awaitEvents(3, WAIT);
            assertThat(all.get(0).after()).containsEntry("id", 1L).containsEntry("name", "one")
                    .containsEntry("price", new BigDecimal("1.10"));
            // Default identity: no before image for an update that keeps the key.
            assertThat(all.get(1).op()).isEqualTo(Operation.UPDATE);
            assertThat(all.get(1).before()).isNull();
            assertThat(all.get(1).after()).containsEntry("name", "uno");
            // Delete: only the key columns are set.
            assertThat(all.get(2).op()).isEqualTo(Operation.DELETE);
            assertThat(all.get(2).before()).containsEntry("id", 1L).containsEntry("name", null);
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }

    @Test
    void truncateAndRoutingOfTwoTablesToTwoServices(PostgresDatabase db) throws Exception {
        exec(client, "CREATE TABLE route_a (id bigint PRIMARY KEY, name text, price numeric)",
                "CREATE TABLE route_b (id int PRIMARY KEY, body text)",
                "CREATE TABLE route_other (id int PRIMARY KEY)");
        Recorder<Item> a = new Recorder<>();
        Recorder<Note> b = new Recorder<>();
        Recorder<Map<String, Object>> rest = new Recorder<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Map<String, Object>> mapType = (Class) Map.class;
        CdcListener listener = CdcTestSupport.listener(db, "events_route").snapshotMode(SnapshotMode.NEVER).build();
        listener.attach(Item.class, a, "route_a").attach(Note.class, b, "public.route_b").attach(mapType, rest);
        listener.start();
        try {
            exec(client, "INSERT INTO route_a VALUES (1, 'a', 12345678901234567890.123456789)",
                    "INSERT INTO route_b VALUES (1, 'b')",
                    "INSERT INTO route_other VALUES (7)",
                    "TRUNCATE route_a");
            List<Recorder.Event<Item>> ae = a.awaitEvents(2, WAIT);
            assertThat(ae.get(0).after()).isEqualTo(new Item(1, "a", new BigDecimal("12345678901234567890.123456789")));
            assertThat(ae.get(1).op()).isEqualTo(Operation.TRUNCATE);
            assertThat(ae.get(1).src().table()).isEqualTo("route_a");
            assertThat(b.awaitEvents(1, WAIT).get(0).after()).isEqualTo(new Note(1, "b"));
            assertThat(rest.awaitEvents(1, WAIT).get(0).after()).containsEntry("id", 7);
            assertThat(b.events()).hasSize(1);
        } finally {
            listener.stop();
            listener.dropSlotAndPublication();
        }
    }
}
