package io.pgconnector.cdc;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process of {@link CrashTest} and {@link SnapshotCrashTest}: runs a listener and appends each delivered key
 * to a file (one write per key, so that a SIGKILL loses nothing the callback returned for). Prints READY once
 * capturing. With a ninth argument (a chunk size) it takes an incremental initial snapshot through a signal table and
 * writes reads as {@code r<id>} and creates as {@code c<id>}.
 */
public final class CrashChild {
    private CrashChild() {
    }

    record Row(int id) {
    }

    /**
     * Runs until killed.
     *
     * @param args host, port, database, user, password (from {@link ChildJvm}), slot (also the table's name), offset
     *             file, output file, and optionally the chunk size of an incremental initial snapshot
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        OutputStream out = new FileOutputStream(args[7], true);
        boolean incremental = args.length > 8;
        if (incremental) {
            // A stalled snapshot child must show what the connector did (the cdc tests' simplelogger.properties keep
            // Debezium at error; a system property wins over it, and is set before any logger exists).
            System.setProperty("org.slf4j.simpleLogger.log.io.debezium", "info");
            System.setProperty("org.slf4j.simpleLogger.log.io.pgconnector", "info");
            // Each chunk's id, window open and close, and each signal received (a few lines per chunk).
            System.setProperty("org.slf4j.simpleLogger.log.io.debezium.pipeline.source.snapshot.incremental", "debug");
            System.setProperty("org.slf4j.simpleLogger.log.io.debezium.pipeline.signal", "debug");
            // Hundreds of "queue is full" lines under load, of no use here.
            System.setProperty("org.slf4j.simpleLogger.log.io.debezium.metrics", "error");
            printOffsets(Path.of(args[6]));
        }
        CdcListener.Builder builder = CdcListener.builder()
                .host(args[0]).port(Integer.parseInt(args[1])).database(args[2])
                .username(args[3]).password(args[4])
                .slotName(args[5]).publicationName(args[5])
                .offsetStorage(OffsetStorage.file(Path.of(args[6])))
                .startTimeout(Duration.ofSeconds(60));
        if (incremental) {
            builder.snapshotMode(SnapshotMode.INCREMENTAL).signalTable("public." + args[5] + "_signal")
                    .incrementalSnapshotChunkSize(Integer.parseInt(args[8]))
                    // A crash repeats at most one chunk plus one flush interval of reads. SnapshotCrashTest kills a
                    // child once it has read an eighth of the table, which a fast machine does in under the default
                    // second: with that interval the kills could come before any save and the repeats would measure
                    // the interval, not the resume (101,805 reads for 50,000 rows once in CI, 13 s in all).
                    .offsetFlushInterval(Duration.ofMillis(200));
        }
        CdcListener listener = builder.build();
        listener.attach(Row.class, new CdcService<>() {
            @Override
            public void onRead(Row after, ChangeSource src) {
                write(out, incremental ? "r" + after.id() : Integer.toString(after.id()));
            }

            @Override
            public void onCreate(Row after, ChangeSource src) {
                write(out, incremental ? "c" + after.id() : Integer.toString(after.id()));
            }
        }, "public." + args[5]);
        listener.start();
        System.out.println("READY");
        System.out.flush();
        listener.awaitTermination(Duration.ofHours(1));
        System.out.println("TERMINATED " + listener.failure().map(Throwable::toString).orElse(""));
    }

    /** Prints the offsets this start resumes from (Kafka's file format: a serialized map of byte arrays). */
    private static void printOffsets(Path file) {
        if (!java.nio.file.Files.exists(file)) {
            System.out.println("OFFSETS AT START: none (no file)");
            return;
        }
        try (org.apache.kafka.connect.util.SafeObjectInputStream in = new org.apache.kafka.connect.util
                .SafeObjectInputStream(java.nio.file.Files.newInputStream(file))) {
            Object o = in.readObject();
            if (o instanceof java.util.Map<?, ?> m) {
                System.out.println("OFFSETS AT START: " + m.size() + " entries");
                for (java.util.Map.Entry<?, ?> e : m.entrySet()) {
                    System.out.println("  " + text(e.getKey()) + " = " + text(e.getValue()));
                }
            } else {
                System.out.println("OFFSETS AT START: not a map: " + o);
            }
        } catch (Exception e) {
            System.out.println("OFFSETS AT START: unreadable: " + e);
        }
    }

    private static String text(Object bytes) {
        return bytes instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(bytes);
    }

    private static void write(OutputStream out, String key) {
        try {
            out.write((key + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
