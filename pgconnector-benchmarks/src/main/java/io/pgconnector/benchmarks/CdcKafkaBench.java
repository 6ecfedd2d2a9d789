package io.pgconnector.benchmarks;

import io.pgconnector.cdc.CdcConfig;
import io.pgconnector.cdc.CdcListener;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.ChangeSource;
import io.pgconnector.cdc.internal.DebeziumProperties;
import io.pgconnector.cdc.kafka.KafkaCdcSource;
import io.pgconnector.embedded.EmbeddedPostgres;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code cdc_kafka}: the typed Kafka source against a bare {@code KafkaConsumer} + Connect {@code JsonConverter} on
 * the same change topic (filled once by the Debezium connector in Kafka Connect), and a consumer group of two typed
 * sources against one when each callback takes 1 ms (simulated I/O).
 */
final class CdcKafkaBench {
    private static final int PARTITIONS = 4;
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(300);
    private static final AtomicInteger RUN = new AtomicInteger();

    record Order(int id, String customer, BigDecimal total, OffsetDateTime placedAt, String status) {
    }

    private CdcKafkaBench() {
    }

    static void run(EmbeddedPostgres server, Bench.Mode mode) throws Exception {
        int rows = mode.cdcRows;
        int slowRows = mode == Bench.Mode.FULL ? 10_000 : 3_000;
        System.out.printf("%ncdc_kafka: %d change events through Kafka Connect (%d partitions)%n", rows, PARTITIONS);
        String db = "bench_kafka";
        try (Connection c = server.dataSource("postgres").getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db);
            st.execute("CREATE DATABASE " + db);
        }
        try (Connection c = server.dataSource(db).getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE orders (id int PRIMARY KEY, customer text, total numeric(12,2), "
                    + "placed_at timestamptz, status text)");
            st.execute("INSERT INTO orders SELECT g, 'customer ' || g, g * 1.25, now(), 'NEW' "
                    + "FROM generate_series(1, " + rows + ") g");
        }
        CdcConfig config = CdcListener.builder().host("localhost").port(server.port()).database(db)
                .username(server.username()).password(server.password()).slotName("bench_kafka")
                .publicationName("bench_kafka").build().config();
        String prefix = DebeziumProperties.topicPrefix(config);
        String topic = prefix + ".public.orders";
        try (KafkaSetup kafka = KafkaSetup.start()) {
            kafka.createTopic(topic, PARTITIONS);
            long t0 = System.nanoTime();
            kafka.fillWithConnect(config, "public.orders", topic, rows);
            System.out.printf("  (connector snapshot of %d rows into Kafka: %.1f s)%n", rows,
                    (System.nanoTime() - t0) / 1e9);

            double[] m = Harness.compare(mode.rounds, "ev/s",
                    "typed KafkaCdcSource (CdcService<Order>)", (Harness.Contender) () -> typed(kafka, prefix, rows),
                    "bare KafkaConsumer + JsonConverter", (Harness.Contender) () -> bare(kafka, topic, rows));
            Harness.result("cdc_kafka.typed_vs_bare_consumer", m[0], "ev/s", m[1]);

            List<ConsumerRecord<byte[], byte[]>> sample = kafka.readAll(topic, slowRows);
            double[] g = Harness.compare(mode.rounds, "ev/s",
                    "two typed sources in one group, 1 ms callback", (Harness.Contender) () -> group(kafka, sample, 2),
                    "one typed source, 1 ms callback", (Harness.Contender) () -> group(kafka, sample, 1));
            Harness.result("cdc_kafka.two_consumers_vs_one", g[0], "ev/s", g[1]);
        }
        try (Connection c = server.dataSource(db).getConnection(); Statement st = c.createStatement()) {
            st.execute("SELECT pg_drop_replication_slot('bench_kafka')");
        }
    }

    /** Events/s of a typed source reading the whole topic, from its first callback to its last. */
    private static double typed(KafkaSetup kafka, String prefix, int rows) throws Exception {
        Counter counter = new Counter(rows, 0);
        KafkaCdcSource source = KafkaCdcSource.builder().bootstrapServers(kafka.servers())
                .groupId("typed-" + RUN.incrementAndGet()).topicPrefix(prefix).build();
        source.attach(Order.class, counter, "public.orders").start();
        try {
            return counter.await();
        } finally {
            source.stop();
        }
    }

    /** The reference: poll, convert with JsonConverter, read the row's id, commit after each poll like the source. */
    private static double bare(KafkaSetup kafka, String topic, int rows) throws Exception {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        long first = 0;
        long sum = 0;
        int seen = 0;
        long deadline = System.nanoTime() + WAIT_NANOS;
        try (KafkaConsumer<byte[], byte[]> c = kafka.consumer("bare-" + RUN.incrementAndGet())) {
            c.subscribe(List.of(topic));
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            while (seen < rows && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    if (first == 0) {
                        first = System.nanoTime();
                    }
                    Struct envelope = (Struct) converter.toConnectData(r.topic(), r.value()).value();
                    sum += envelope.getStruct("after").getInt32("id");
                    seen++;
                    done.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                if (!done.isEmpty()) {
                    c.commitAsync(Map.copyOf(done), null);
                }
            }
        }
        if (seen < rows || sum == 0) {
            throw new IllegalStateException("The bare consumer saw " + seen + " of " + rows + " events");
        }
        return rows / ((System.nanoTime() - first) / 1e9);
    }

    /**
     * Events/s of {@code instances} typed sources in one group, each callback sleeping 1 ms: the records are written
     * to a fresh topic only once every instance has its partitions, so that group start-up is not measured.
     */
    private static double group(KafkaSetup kafka, List<ConsumerRecord<byte[], byte[]>> sample, int instances)
            throws Exception {
        int run = RUN.incrementAndGet();
        String prefix = "benchrun" + run;
        String topic = prefix + ".public.orders";
        kafka.createTopic(topic, PARTITIONS);
        Counter counter = new Counter(sample.size(), 1);
        List<KafkaCdcSource> sources = new ArrayList<>();
        String group = "group-" + run;
        try {
            for (int i = 0; i < instances; i++) {
                KafkaCdcSource s = KafkaCdcSource.builder().bootstrapServers(kafka.servers()).groupId(group)
                        .topicPrefix(prefix).build();
                s.attach(Order.class, counter, "public.orders").start();
                sources.add(s);
            }
            awaitStable(kafka, group, instances);
            long start = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.servers(), ProducerConfig.LINGER_MS_CONFIG, 5),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (ConsumerRecord<byte[], byte[]> r : sample) {
                    p.send(new ProducerRecord<>(topic, r.key(), r.value()));
                }
            }
            counter.await();
            return sample.size() / ((System.nanoTime() - start) / 1e9);
        } finally {
            for (KafkaCdcSource s : sources) {
                s.stop();
            }
        }
    }

    private static void awaitStable(KafkaSetup kafka, String group, int members) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.servers()))) {
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get()
                        .get(group);
                long assigned = d.members().stream()
                        .filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
                if (d.groupState().toString().equalsIgnoreCase("stable") && assigned == members) {
                    return;
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("Group " + group + " did not settle with " + members + " members");
    }

    /** Counts delivered rows; measures from the first callback (or the caller's start) to the last expected one. */
    private static final class Counter implements CdcService<Order> {
        final AtomicLong count = new AtomicLong();
        private final long expected;
        private final long sleepMillis;
        private volatile long first;
        private volatile long last;

        Counter(long expected, long sleepMillis) {
            this.expected = expected;
            this.sleepMillis = sleepMillis;
        }

        @Override
        public void onRead(Order after, ChangeSource src) {
            handle(after);
        }

        @Override
        public void onCreate(Order after, ChangeSource src) {
            handle(after);
        }

        private void handle(Order o) {
            if (first == 0) {
                first = System.nanoTime();
            }
            if (o.id() <= 0 || o.total() == null) {
                throw new IllegalStateException("bad row " + o);
            }
            if (sleepMillis > 0) {
                try {
                    Thread.sleep(sleepMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (count.incrementAndGet() == expected) {
                last = System.nanoTime();
            }
        }

        double await() throws InterruptedException {
            long deadline = System.nanoTime() + WAIT_NANOS;
            while (last == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Only " + count.get() + " of " + expected + " events arrived");
                }
                Thread.sleep(5);
            }
            return expected / ((last - first) / 1e9);
        }
    }
}
