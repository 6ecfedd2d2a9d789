package io.pgconnector.cdc.internal;

import io.pgconnector.codec.Codec;
import io.pgconnector.mapping.internal.CodecRegistry;
import io.pgconnector.cdc.CdcException;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.ChangeSource;
import io.pgconnector.cdc.KafkaPosition;
import io.pgconnector.cdc.LogicalMessage;
import io.pgconnector.cdc.MessageService;
import io.pgconnector.cdc.Operation;
import io.pgconnector.cdc.RetryPolicy;
import io.pgconnector.types.PgLsn;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Delivers one Debezium change envelope (a Connect {@link Struct} with {@code before}, {@code after}, {@code source}
 * and {@code op}) to its service: routes it by table, decodes the rows through the client's row mapper, and calls
 * the callback, retrying per the {@link RetryPolicy}. Shared by the embedded listener and the Kafka source of
 * {@code pgconnector-cdc-kafka}, so that both deliver the same rows and values. One delivery thread per instance.
 */
public final class ChangeDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeDelivery.class);

    /** Decides what happens after a change could not be delivered. */
    @FunctionalInterface
    public interface FailureHandler {
        /**
         * Handles a change whose mapping failed or whose callback kept failing.
         *
         * @param route the route of the change
         * @param error the error, with the change's {@link ChangeSource}
         * @return true to go on with the next change (the failed one counts as handled), false to stop delivery
         * @throws InterruptedException if interrupted
         */
        boolean failed(Route<?> route, CdcException error) throws InterruptedException;
    }

    /** Told about deliveries and retries (for status and metrics). */
    public interface Observer {
        /** Observes nothing. */
        Observer NONE = new Observer() {
        };

        /**
         * A callback returned normally.
         *
         * @param commitTime the change's commit time
         */
        default void delivered(Instant commitTime) {
        }

        /** A callback failed and is going to be called again. */
        default void retried() {
        }
    }

    private final Map<String, Route<?>> byTable;
    private final Route<?> catchAll;
    private final RetryPolicy retry;
    private final Set<Operation> skipped;
    private final BooleanSupplier stopRequested;
    private final Observer observer;
    private final BooleanSupplier aborted;
    private final boolean continueOnError;
    private final FailureHandler onFailure;
    private RowDecoder decoder;
    private final CodecRegistry codecs;
    private final Map<String, Route<?>> messagesByPrefix;
    private final Route<?> messagesCatchAll;

    // The route of the last change's table: changes come in runs of one table, so most need no lookup (and no
    // schema.table string). Only the delivery thread touches these.
    private String lastSchema;
    private String lastTable;
    private String lastQualified;
    private Route<?> lastRoute;
    // With envelopeSchemaPerTable, the envelope (schema) whose change last set lastSchema and lastTable, else null.
    private Envelope namedBy;
    // Whether an envelope schema object belongs to one table (see envelopeSchemaPerTable()).
    private boolean envelopeSchemaPerTable;
    // The field positions of the last envelope and source schemas.
    private Envelope lastEnvelope;
    private SourceShape lastSource;
    // The commit time of the last change and its microseconds (see commitTime).
    private long lastCommitMicros;
    private Instant lastCommit;

    /**
     * Creates a delivery.
     *
     * @param byTable       the services by {@code schema.table}
     * @param catchAll      the service for every other table, or null
     * @param retry         the retry policy of failing callbacks
     * @param skipped       operations never delivered
     * @param stopRequested   tells whether delivery is being stopped (ends retry pauses early)
     * @param aborted         tells whether delivery was aborted (a callback cut short is neither handled nor failed)
     * @param continueOnError whether a failed change is passed over (only changes the wording of the error)
     * @param onFailure       what to do with a change that could not be delivered
     * @param observer        told about deliveries and retries
     */
    public ChangeDelivery(Map<String, Route<?>> byTable, Route<?> catchAll, RetryPolicy retry, Set<Operation> skipped,
            BooleanSupplier stopRequested, BooleanSupplier aborted, boolean continueOnError,
            FailureHandler onFailure, Observer observer) {
        this(byTable, catchAll, Map.of(), null, retry, skipped, stopRequested, aborted, continueOnError, onFailure,
                observer, CodecRegistry.BUILT_IN);
    }

    /**
     * Creates a delivery that decodes fields with user codecs (on top of the discovered ones) without a database
     * connection: their types are matched by name in the change events, not looked up (the Kafka source).
     *
     * @param byTable         the services by {@code schema.table}
     * @param catchAll        the service for every other table, or null
     * @param retry           the retry policy of failing callbacks
     * @param skipped         operations never delivered
     * @param stopRequested   tells whether delivery is being stopped (ends retry pauses early)
     * @param aborted         tells whether delivery was aborted (a callback cut short is neither handled nor failed)
     * @param continueOnError whether a failed change is passed over (only changes the wording of the error)
     * @param onFailure       what to do with a change that could not be delivered
     * @param observer        told about deliveries and retries
     * @param codecs          the user's codecs, in registration order (the last one of a type wins)
     */
    public ChangeDelivery(Map<String, Route<?>> byTable, Route<?> catchAll, RetryPolicy retry, Set<Operation> skipped,
            BooleanSupplier stopRequested, BooleanSupplier aborted, boolean continueOnError,
            FailureHandler onFailure, Observer observer, List<Codec<?>> codecs) {
        this(byTable, catchAll, Map.of(), null, retry, skipped, stopRequested, aborted, continueOnError, onFailure,
                observer, withoutLookUp(codecs));
    }

    private static CodecRegistry withoutLookUp(List<Codec<?>> codecs) {
        try {
            return CodecRegistry.create(codecs, null, null);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("No look-up happens without a connection", e);
        }
    }

    /**
     * Creates a delivery that also delivers logical decoding messages and decodes fields with a listener's codecs.
     *
     * @param byTable          the services by {@code schema.table}
     * @param catchAll         the service for every other table, or null
     * @param messagesByPrefix the message services by prefix (see {@link #messageRoute})
     * @param messagesCatchAll the message service for every other prefix, or null
     * @param retry            the retry policy of failing callbacks
     * @param skipped          operations never delivered
     * @param stopRequested    tells whether delivery is being stopped
     * @param aborted          tells whether delivery was aborted
     * @param continueOnError  whether a failed change is passed over
     * @param onFailure        what to do with a change that could not be delivered
     * @param observer         told about deliveries and retries
     * @param codecs           the codecs of the listener
     */
    public ChangeDelivery(Map<String, Route<?>> byTable, Route<?> catchAll, Map<String, Route<?>> messagesByPrefix,
            Route<?> messagesCatchAll, RetryPolicy retry, Set<Operation> skipped, BooleanSupplier stopRequested,
            BooleanSupplier aborted, boolean continueOnError, FailureHandler onFailure, Observer observer,
            CodecRegistry codecs) {
        this.messagesByPrefix = new HashMap<>(messagesByPrefix);
        this.messagesCatchAll = messagesCatchAll;
        this.codecs = codecs;
        this.decoder = new RowDecoder(codecs, List.of());
        this.observer = observer;
        this.byTable = Map.copyOf(byTable);
        this.catchAll = catchAll;
        this.retry = retry;
        this.skipped = Set.copyOf(skipped);
        this.stopRequested = stopRequested;
        this.aborted = aborted;
        this.continueOnError = continueOnError;
        this.onFailure = onFailure;
    }

    /**
     * Delivers one change value.
     *
     * @param value the record's value: a change envelope; anything else (a tombstone, a heartbeat) is ignored
     * @param kafka where the value was read from in Kafka, or null
     * @return true when the change was handled (or needs no handling), false when delivery must stop
     * @throws InterruptedException if interrupted while pausing between attempts
     */
    public boolean deliver(Object value, KafkaPosition kafka) throws InterruptedException {
        if (!(value instanceof Struct)) {
            return true; // tombstones
        }
        Struct envelope = (Struct) value;
        Envelope shape = envelope(envelope.schema());
        if (shape.op == null || shape.source == null) {
            return true; // heartbeats and other non-change records
        }
        Operation op = Operation.ofCode((String) envelope.get(shape.op));
        Struct source = (Struct) envelope.get(shape.source);
        SourceShape sourceShape = sourceShape(source.schema());
        if (op == Operation.MESSAGE) {
            return skipped.contains(op) || deliverMessage(envelope, source, sourceShape, kafka);
        }
        if (skipped.contains(op)) {
            return true;
        }
        String schemaName;
        String table;
        if (shape == namedBy) {
            // The envelope schema of the last change's table (see envelopeSchemaPerTable): the same table.
            schemaName = lastSchema;
            table = lastTable;
        } else {
            schemaName = sourceShape.string(source, sourceShape.schemaName, "schema");
            table = sourceShape.string(source, sourceShape.table, "table");
            if (schemaName == null || table == null) {
                return true;
            }
            // Comparing the references first spares reading the characters of strings written on another core
            // when they are the same objects.
            if ((schemaName != lastSchema && !schemaName.equals(lastSchema))
                    || (table != lastTable && !table.equals(lastTable))) {
                lastSchema = schemaName;
                lastTable = table;
                lastQualified = schemaName + "." + table;
                Route<?> r = byTable.get(lastQualified);
                lastRoute = r != null ? r : catchAll;
            }
            if (envelopeSchemaPerTable) {
                namedBy = shape;
            }
        }
        if (lastRoute == null || lastRoute == Route.IGNORED) {
            return true;
        }
        return deliver(lastRoute, op, envelope, shape, source, sourceShape, schemaName, table, lastQualified, kafka);
    }

    /**
     * The fields of one envelope schema, looked up by name once per schema instead of several times per change (the
     * engine hands over the same schema object for every change of a table until its columns change).
     */
    private static final class Envelope {
        final Schema schema;
        final Field op;
        final Field source;
        final Field before;
        final Field after;

        Envelope(Schema schema) {
            this.schema = schema;
            this.op = schema.field("op");
            this.source = schema.field("source");
            this.before = schema.field("before");
            this.after = schema.field("after");
        }
    }

    /** The fields of one {@code source} block schema (see {@link Envelope}). */
    private static final class SourceShape {
        final Schema schema;
        final Field schemaName;
        final Field table;
        final Field lsn;
        final Field txId;
        final Field tsUs;
        final Field tsMs;
        final Field snapshot;

        SourceShape(Schema schema) {
            this.schema = schema;
            this.schemaName = schema.field("schema");
            this.table = schema.field("table");
            this.lsn = schema.field("lsn");
            this.txId = schema.field("txId");
            this.tsUs = schema.field("ts_us");
            this.tsMs = schema.field("ts_ms");
            this.snapshot = schema.field("snapshot");
        }

        /** A string field; a missing one fails as {@link Struct#getString} does. */
        String string(Struct s, Field f, String name) {
            return f == null ? s.getString(name) : (String) s.get(f);
        }
    }

    private Envelope envelope(Schema schema) {
        Envelope e = lastEnvelope;
        if (e == null || e.schema != schema) {
            e = new Envelope(schema);
            lastEnvelope = e;
        }
        return e;
    }

    private SourceShape sourceShape(Schema schema) {
        SourceShape s = lastSource;
        if (s == null || s.schema != schema) {
            s = new SourceShape(schema);
            lastSource = s;
        }
        return s;
    }

    /**
     * Wraps a message service as a route, so that failures and engine errors reach its {@code onError} the same way
     * as a row service's.
     *
     * @param service the message service
     * @return the route
     */
    public static Route<Void> messageRoute(MessageService service) {
        return new Route<>(Void.class, new MessageRoute(service));
    }

    /** A message service seen as a row service: only its {@code onError} is called through this face. */
    private record MessageRoute(MessageService service) implements CdcService<Void> {
        @Override
        public void onError(CdcException e) {
            service.onError(e);
        }
    }

    private boolean deliverMessage(Struct envelope, Struct source, SourceShape sourceShape, KafkaPosition kafka)
            throws InterruptedException {
        if (envelope.schema().field("message") == null) {
            return true;
        }
        Struct block = envelope.getStruct("message");
        String prefix = block.getString("prefix");
        if (prefix == null) {
            return true;
        }
        Route<?> route = messagesByPrefix.get(prefix);
        if (route == null) {
            route = messagesCatchAll;
        }
        if (route == null) {
            return true;
        }
        Object content = block.get("content");
        byte[] bytes;
        if (content instanceof ByteBuffer) {
            ByteBuffer b = ((ByteBuffer) content).duplicate();
            bytes = new byte[b.remaining()];
            b.get(bytes);
        } else if (content instanceof byte[]) {
            bytes = (byte[]) content;
        } else {
            bytes = content == null ? new byte[0] : content.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        Long txId = longOrNull(source, sourceShape.txId);
        LogicalMessage message = new LogicalMessage(prefix, bytes, txId != null);
        ChangeSource src = source(source, sourceShape, Operation.MESSAGE, "", "", Set.of(), kafka, envelope);
        return call(route, Operation.MESSAGE, null, message, "messages with prefix '" + prefix + "'", src, kafka,
                envelope);
    }

    private <T> boolean deliver(Route<T> route, Operation op, Struct envelope, Envelope shape, Struct source,
            SourceShape sourceShape, String schemaName, String table, String qualified, KafkaPosition kafka)
            throws InterruptedException {
        ChangeSource src;
        T before;
        T after;
        try {
            Set<String> unavailable = Set.of();
            if (op == Operation.UPDATE || op == Operation.DELETE) {
                before = decoder.decode(structOrNull(envelope, shape.before), route.type(), qualified);
                unavailable = decoder.unavailable();
            } else {
                before = null;
            }
            if (op == Operation.READ || op == Operation.CREATE || op == Operation.UPDATE) {
                after = decoder.decode(structOrNull(envelope, shape.after), route.type(), qualified);
                unavailable = union(unavailable, decoder.unavailable());
            } else {
                after = null;
            }
            src = source(source, sourceShape, op, schemaName, table, unavailable, kafka);
        } catch (RuntimeException e) {
            ChangeSource partial = source(source, sourceShape, op, schemaName, table, Set.of(), kafka);
            return onFailure.failed(route, new EventFailure("Cannot map a change of " + qualified + " to "
                    + route.type().getName() + " at " + partial.lsn() + where(kafka) + ": " + e.getMessage()
                    + (continueOnError ? "" : ". Fix the row type (or the table) and start the listener again; the "
                    + "change was not committed."), e, partial, envelope));
        }
        return call(route, op, before, after, qualified, src, kafka, envelope);
    }

    /**
     * Calls the callback of a change (or, for {@link Operation#MESSAGE}, of a message: {@code after} is the
     * {@link LogicalMessage}), retrying per the policy; true when it returned normally or its failure was passed
     * over.
     */
    private boolean call(Route<?> route, Operation op, Object before, Object after, String qualified,
            ChangeSource src, KafkaPosition kafka, Struct envelope) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                invoke(route, op, before, after, src);
                observer.delivered(src.commitTime());
                return true;
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError) {
                    throw (VirtualMachineError) e;
                }
                if (aborted.getAsBoolean()) {
                    return false; // interrupted by immediateStop(): neither a failure nor handled
                }
                if (attempt >= retry.maxAttempts()) {
                    return onFailure.failed(route, new EventFailure("The " + op.name().toLowerCase(Locale.ROOT)
                            + " callback for " + qualified + " at " + src.lsn() + " (transaction " + src.txId()
                            + ")" + where(kafka) + " failed " + attempt + " time(s); last error: " + e, e, src,
                            envelope));
                }
                observer.retried();
                long pause = retry.backoffAfter(attempt).toMillis();
                LOG.warn("Callback for {} at {} failed (attempt {} of {}), retrying in {} ms: {}", qualified,
                        src.lsn(), attempt, retry.maxAttempts(), pause, e.toString());
                if (!pauseUnlessStopping(pause, stopRequested)) {
                    return false;
                }
            }
        }
    }

    /** Calls the service method of the operation (no lambda per change). */
    @SuppressWarnings("unchecked")
    private static <T> void invoke(Route<T> route, Operation op, Object before, Object after, ChangeSource src) {
        if (op == Operation.MESSAGE) {
            ((MessageRoute) (Object) route.service()).service().onMessage((LogicalMessage) after, src);
            return;
        }
        CdcService<T> service = route.service();
        switch (op) {
            case READ: service.onRead((T) after, src); break;
            case CREATE: service.onCreate((T) after, src); break;
            case UPDATE: service.onUpdate((T) before, (T) after, src); break;
            case DELETE: service.onDelete((T) before, src); break;
            default: service.onTruncate(src); break;
        }
    }

    private static String where(KafkaPosition kafka) {
        return kafka == null ? "" : " (Kafka " + kafka.topic() + "-" + kafka.partition() + "@" + kafka.offset() + ")";
    }

    /**
     * Waits before a retry, in short sleeps so that a stop ends the wait early.
     *
     * @return false if a stop was requested (then the caller gives up without retrying)
     */
    static boolean pauseUnlessStopping(long millis, BooleanSupplier stopRequested) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            if (stopRequested.getAsBoolean()) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(20, (end - System.nanoTime()) / 1_000_000L)));
        }
        return !stopRequested.getAsBoolean();
    }

    /**
     * Calls a service's {@link CdcService#onError}, logging (never propagating) what it throws.
     *
     * @param route the route whose service is told
     * @param error the error
     */
    public static void notifyError(Route<?> route, CdcException error) {
        try {
            route.service().onError(error);
        } catch (RuntimeException e) {
            LOG.warn("onError of {} threw: {}", route.service().getClass().getName(), e.toString());
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        if (b.isEmpty()) {
            return a; // the usual case: no set to build per change
        }
        if (a.isEmpty()) {
            return b;
        }
        Set<String> unavailable = new HashSet<>(a);
        unavailable.addAll(b);
        return unavailable;
    }

    private static Struct structOrNull(Struct envelope, Field field) {
        return field == null ? null : (Struct) envelope.get(field);
    }

    private ChangeSource source(Struct source, SourceShape shape, Operation op, String schemaName,
            String table, Set<String> unavailable, KafkaPosition kafka) {
        Long lsn = longOrNull(source, shape.lsn);
        Long txId = longOrNull(source, shape.txId);
        Long micros = longOrNull(source, shape.tsUs);
        Instant commit = micros != null ? commitTime(micros)
                : Instant.ofEpochMilli(shape.tsMs == null ? source.getInt64("ts_ms") : (Long) source.get(shape.tsMs));
        String snap = shape.snapshot == null ? null : (String) source.get(shape.snapshot);
        boolean snapshot = op == Operation.READ || (snap != null && !"false".equals(snap));
        return new ChangeSource(schemaName, table, op, lsn == null ? PgLsn.INVALID : PgLsn.of(lsn), txId, commit,
                snapshot, unavailable, kafka);
    }

    /**
     * The commit time of microseconds since the epoch: the last change's own {@code Instant} when it has the same
     * time (the changes of one transaction all do), so that most changes build none.
     */
    private Instant commitTime(long micros) {
        if (micros != lastCommitMicros || lastCommit == null) {
            lastCommit = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L);
            lastCommitMicros = micros;
        }
        return lastCommit;
    }

    private ChangeSource source(Struct source, SourceShape shape, Operation op, String schemaName,
            String table, Set<String> unavailable, KafkaPosition kafka, Struct envelope) {
        ChangeSource src = source(source, shape, op, schemaName, table, unavailable, kafka);
        if (src.txId() != null || envelope.schema().field("ts_ms") == null || envelope.get("ts_ms") == null) {
            return src;
        }
        // A non-transactional message has no commit: its source carries the last transaction's time, the envelope
        // the time it was read.
        return new ChangeSource(src.schema(), src.table(), op, src.lsn(), null,
                Instant.ofEpochMilli(envelope.getInt64("ts_ms")), false, Set.of(), kafka);
    }

    /** A whole number field, or null when absent or null; the engine's own {@code Long} when it is one. */
    private static Long longOrNull(Struct s, Field field) {
        if (field == null) {
            return null;
        }
        Object v = s.get(field);
        return v instanceof Long ? (Long) v : v instanceof Number ? ((Number) v).longValue() : null;
    }

    /**
     * Tells this delivery that each envelope schema object it is handed belongs to one table, so that a change
     * whose envelope has the same schema object as the last change's is of the same table, and its schema and table
     * names need not be read and compared (the embedded engine without transformations builds one envelope schema
     * per table and version of its columns). Not so for changes read from Kafka: a converter may hand over one
     * schema object for the equal schemas of several tables, as after a routing transformation. Call before the
     * first change.
     */
    void envelopeSchemaPerTable() {
        envelopeSchemaPerTable = true;
    }

    /**
     * Sets the column masks that the listener applies itself ({@link io.pgconnector.cdc.ColumnMask.Kind#HASH}); call
     * before the first change.
     *
     * @param masks the listener's column masks
     */
    public void applyColumnMasks(java.util.List<io.pgconnector.cdc.ColumnMask> masks) {
        decoder = new RowDecoder(codecs, masks);
    }
}
