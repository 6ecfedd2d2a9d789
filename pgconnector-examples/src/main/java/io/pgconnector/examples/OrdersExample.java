package io.pgconnector.examples;

import io.pgconnector.cdc.CdcListener;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.ChangeSource;
import io.pgconnector.cdc.OffsetStorage;
import io.pgconnector.cdc.PublicationAutoCreateMode;
import io.pgconnector.cdc.SnapshotMode;
import io.pgconnector.client.ExecutionResult;
import io.pgconnector.client.InOutParameter;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.errors.PostgresException;
import io.pgconnector.client.ProcedureCallResult;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.mapping.PgType;
import io.pgconnector.types.Jsonb;
import io.pgconnector.types.Point;
import io.pgconnector.types.Range;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The runnable integration: a small order system on PostgreSQL types, with a change data capture listener that
 * receives every change typed, a stored procedure with INOUT parameters, and typed queries.
 *
 * <p>With no arguments it starts an embedded PostgreSQL server. With {@code --url postgresql://...}, or the
 * {@code PG*} environment variables ({@code PGHOST} set), it uses that server instead, in its own schema
 * {@code pgconnector_example}, and cleans up its replication slot and publication afterwards.
 */
public final class OrdersExample {
    private static final String SCHEMA = "pgconnector_example";
    private static final OffsetDateTime NOON = OffsetDateTime.of(2026, 12, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    /** The order status, a PostgreSQL enum type. */
    @PgType(SCHEMA + ".order_status")
    public enum Status {
        /** Just placed. */
        NEW,
        /** Paid for. */
        PAID,
        /** On its way. */
        SHIPPED,
        /** Called off. */
        CANCELLED
    }

    /**
     * An order row, as queries and change events deliver it.
     *
     * @param id             the key
     * @param customer       who ordered
     * @param amount         the amount (numeric, exact)
     * @param status         the status (enum)
     * @param location       where to deliver (point)
     * @param deliveryWindow when to deliver (tstzrange)
     * @param payload        the order lines (jsonb)
     * @param tags           free tags (text[])
     */
    public record Order(long id, String customer, BigDecimal amount, Status status, Point location,
            Range<OffsetDateTime> deliveryWindow, Jsonb payload, List<String> tags) {
        @Override
        public String toString() {
            return "#" + id + " " + customer + " " + amount + " " + status + " at " + location + " window "
                    + deliveryWindow + " tags " + tags + " payload " + payload;
        }
    }

    private OrdersExample() {
    }

    /**
     * Runs the example and exits with its status.
     *
     * @param args none, or {@code --url postgresql://user:password@host:port/database}
     */
    public static void main(String[] args) {
        int status = run(args, System.out);
        System.exit(status);
    }

    /**
     * Runs the example, printing each step.
     *
     * @param args none, or {@code --url ...}
     * @param out  where to print
     * @return 0 on success, 2 when the server is not set up for change data capture, 1 on failure
     */
    public static int run(String[] args, PrintStream out) {
        String url = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--url") && i + 1 < args.length) {
                url = args[++i];
            } else if (args[i].startsWith("--url=")) {
                url = args[i].substring("--url=".length());
            } else {
                out.println("Unknown argument " + args[i] + "; usage: OrdersExample [--url postgresql://...]");
                return 1;
            }
        }
        boolean external = url != null || System.getenv("PGHOST") != null;
        EmbeddedPostgres embedded = null;
        try {
            PostgresClient.Builder target;
            if (external) {
                target = url != null ? PostgresClient.Builder.fromUri(url)
                        : PostgresClient.Builder.fromEnvironment(System.getenv());
                out.println("1. Using the PostgreSQL server at " + target.host() + ":" + target.port());
            } else {
                out.println("1. Starting an embedded PostgreSQL server with logical replication...");
                long start = System.nanoTime();
                embedded = EmbeddedPostgres.builder().logicalReplication(true).start();
                target = PostgresClient.Builder.fromUri(embedded.uri("postgres"));
                out.printf("   PostgreSQL %s is running on port %d (started in %d ms)%n", embedded.serverVersion(),
                        embedded.port(), (System.nanoTime() - start) / 1_000_000);
            }
            try (PostgresClient client = target.build()) {
                if (!checkServer(client, out)) {
                    return 2;
                }
                return runWith(client, target, external, out);
            }
        } catch (PostgresException e) {
            out.println("FAILED: " + e.getMessage() + (e.sqlState() == null ? "" : " (SQLSTATE " + e.sqlState() + ")"));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("Interrupted");
            return 1;
        } finally {
            if (embedded != null) {
                embedded.close();
                out.println("Stopped the embedded server.");
            }
        }
    }

    private static boolean checkServer(PostgresClient client, PrintStream out) {
        String walLevel = client.queryRow(Sql.of("SHOW wal_level"), String.class);
        if (!walLevel.equals("logical")) {
            out.println("This server is not set up for change data capture: wal_level is '" + walLevel + "'.");
            out.println("  Set wal_level = logical (and max_replication_slots, max_wal_senders >= 1) in");
            out.println("  postgresql.conf, or run ALTER SYSTEM SET wal_level = logical; then restart the server.");
            out.println("  The user also needs the REPLICATION attribute (or superuser) and, for before images");
            out.println("  of updates and deletes, the tables need REPLICA IDENTITY FULL (the example sets it).");
            return false;
        }
        return true;
    }

    private static int runWith(PostgresClient client, PostgresClient.Builder target, boolean external,
            PrintStream out) throws InterruptedException {
        out.println("2. Creating the schema: an order table with point, tstzrange, jsonb, enum, numeric and text[]");
        createSchema(client);

        out.println("3. Starting the change data capture listener on " + SCHEMA + ".orders");
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        CdcListener listener = CdcListener.builder()
                .host(target.host()).port(target.port()).database(target.database())
                .username(target.username()).password(target.password())
                .tls(target.options().tls())
                .includeTables(SCHEMA + ".orders")
                .slotName("pgconnector_example").publicationName("pgconnector_example")
                .publicationAutoCreateMode(PublicationAutoCreateMode.FILTERED)
                .snapshotMode(SnapshotMode.NEVER)
                .offsetStorage(OffsetStorage.memory())
                .build();
        listener.attach(Order.class, new CdcService<>() {
            @Override
            public void onCreate(Order after, ChangeSource src) {
                report("CREATE", src, "after  " + after);
            }

            @Override
            public void onUpdate(Order before, Order after, ChangeSource src) {
                report("UPDATE", src, "before " + before + "\n              after  " + after);
            }

            @Override
            public void onDelete(Order before, ChangeSource src) {
                report("DELETE", src, "before " + before);
            }

            private void report(String op, ChangeSource src, String rows) {
                String line = "   [cdc] " + op + " on " + src.qualifiedTable() + " (lsn " + src.lsn() + ", tx "
                        + src.txId() + ")\n              " + rows;
                out.println(line);
                events.add(op);
            }
        }, SCHEMA + ".orders");
        try {
            listener.start();
            out.println("   The listener is streaming.");

            out.println("4. Inserting one order with execute");
            ExecutionResult first = client.execute(Sql.of("INSERT INTO " + SCHEMA + ".orders "
                    + "(customer, amount, status, location, delivery_window, payload, tags) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    "Ada", new BigDecimal("120.00"), Status.NEW, Point.of(52.5200, 13.4050),
                    Range.closedOpen(NOON, NOON.plusHours(2)), Jsonb.of("{\"lines\": [{\"sku\": \"A-1\", \"qty\": 2}]}"),
                    List.of("priority", "gift")));
            out.println("   Inserted order #" + first.lastInsertId());

            out.println("5. Inserting three orders with batchExecute");
            Sql insert = Sql.of("INSERT INTO " + SCHEMA + ".orders (customer, amount, status, location, delivery_window, "
                    + "payload, tags) VALUES (?, ?, ?, ?, ?, ?, ?)", null, null, null, null, null, null, null);
            client.batchExecute(List.of(
                    insert.withValues("Grace", new BigDecimal("75.50"), Status.NEW, Point.of(48.8566, 2.3522),
                            Range.closedOpen(NOON.plusDays(1), NOON.plusDays(1).plusHours(4)),
                            Jsonb.of("{\"lines\": [{\"sku\": \"B-7\", \"qty\": 1}]}"), List.of("express")),
                    insert.withValues("Edsger", new BigDecimal("1999.99"), Status.NEW, Point.of(51.4416, 5.4697),
                            Range.atLeast(NOON.plusDays(2)), Jsonb.of("{\"lines\": []}"), List.of()),
                    insert.withValues("Barbara", new BigDecimal("12.30"), Status.NEW, Point.of(42.3601, -71.0589),
                            Range.closedOpen(NOON, NOON.plusHours(1)), Jsonb.of("{\"note\": \"leave at door\"}"),
                            List.of("fragile"))));
            out.println("   Inserted 3 orders in one batch");

            out.println("6. Updating and deleting");
            long paid = client.execute(Sql.of("UPDATE " + SCHEMA + ".orders SET status = ? WHERE customer IN ?",
                    Status.PAID, Sql.in(List.of("Ada", "Grace")))).affectedRowCount();
            out.println("   Marked " + paid + " orders as paid");
            long deleted = client.execute(Sql.of("DELETE FROM " + SCHEMA + ".orders WHERE customer = ?", "Barbara"))
                    .affectedRowCount();
            out.println("   Deleted " + deleted + " order");

            out.println("7. Calling the stored procedure apply_discount with INOUT parameters");
            InOutParameter<BigDecimal> amount = InOutParameter.of(BigDecimal.ZERO);
            InOutParameter<Status> status = InOutParameter.of(Status.NEW);
            try (ProcedureCallResult r = client.call(Sql.of("CALL " + SCHEMA + ".apply_discount(?, ?, ?, ?)",
                    "Edsger", new BigDecimal("10"), amount, status))) {
                out.println("   apply_discount returned amount=" + amount.get() + " status=" + status.get());
            }

            out.println("8. Querying with typed records");
            try (Stream<Order> orders = client.query(Sql.of("SELECT * FROM " + SCHEMA + ".orders WHERE amount > ? "
                    + "ORDER BY id", BigDecimal.ONE), Order.class)) {
                orders.forEach(o -> out.println("   " + o));
            }
            Map<String, Object> totals = client.queryRow(Sql.of("SELECT count(*) AS orders, sum(amount) AS total FROM "
                    + SCHEMA + ".orders"));
            out.println("   Totals: " + totals);

            out.println("9. Waiting for the listener to receive every change");
            int expected = 4 + 2 + 1 + 1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            java.util.List<String> received = new java.util.ArrayList<>();
            while (received.size() < expected && System.nanoTime() < deadline) {
                String op = events.poll(200, TimeUnit.MILLISECONDS);
                if (op != null) {
                    received.add(op);
                }
            }
            Map<String, Long> counts = received.stream().collect(Collectors.groupingBy(o -> o,
                    java.util.TreeMap::new, Collectors.counting()));
            out.println("   Received " + received.size() + " change events: " + counts);
            if (received.size() < expected) {
                out.println("FAILED: expected " + expected + " change events");
                return 1;
            }
        } finally {
            listener.stop();
            out.println("10. Stopped the listener");
            if (external) {
                listener.dropSlotAndPublication();
                client.execute(Sql.of("DROP SCHEMA " + SCHEMA + " CASCADE"));
                out.println("    Dropped the example's slot, publication and schema");
            }
            listener.close();
        }
        out.println("Done.");
        return 0;
    }

    private static void createSchema(PostgresClient client) {
        client.execute(Sql.of("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE"));
        client.execute(Sql.of("CREATE SCHEMA " + SCHEMA));
        client.execute(Sql.of("CREATE TYPE " + SCHEMA + ".order_status AS ENUM ('NEW', 'PAID', 'SHIPPED', 'CANCELLED')"));
        client.execute(Sql.of("CREATE TABLE " + SCHEMA + ".orders ("
                + "id bigserial PRIMARY KEY, customer text NOT NULL, amount numeric(12, 2) NOT NULL, "
                + "status " + SCHEMA + ".order_status NOT NULL, location point, delivery_window tstzrange, "
                + "payload jsonb, tags text[])"));
        // Before images of updates and deletes need the old row in the WAL.
        client.execute(Sql.of("ALTER TABLE " + SCHEMA + ".orders REPLICA IDENTITY FULL"));
        client.execute(Sql.of("CREATE PROCEDURE " + SCHEMA + ".apply_discount(p_customer text, p_percent numeric, "
                + "INOUT p_amount numeric, INOUT p_status " + SCHEMA + ".order_status) LANGUAGE plpgsql AS $$ "
                + "BEGIN UPDATE " + SCHEMA + ".orders SET amount = round(amount * (100 - p_percent) / 100, 2), "
                + "status = 'PAID' WHERE customer = p_customer RETURNING amount, status INTO p_amount, p_status; END $$"));
    }
}
