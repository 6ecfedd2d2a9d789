package io.pgconnector.cdc.kafka;

import io.pgconnector.cdc.CdcListener;
import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.ChangeSource;
import io.pgconnector.cdc.OffsetStorage;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The child JVM of {@link KafkaOffsetsCrashTest}: an embedded {@link CdcListener} whose offsets live in a Kafka topic
 * ({@link OffsetStorage#kafka}); appends each delivered key to a file. Prints READY once capturing.
 */
public final class EngineChild {
    private EngineChild() {
    }

    record Row(int id) {
    }

    /**
     * Runs until killed.
     *
     * @param args host, port, database, user, password, slot, bootstrap servers, offset topic, output file
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        OutputStream out = new FileOutputStream(args[8], true);
        CdcListener listener = CdcListener.builder()
                .host(args[0]).port(Integer.parseInt(args[1])).database(args[2])
                .username(args[3]).password(args[4])
                .slotName(args[5]).publicationName(args[5])
                .offsetStorage(OffsetStorage.kafka(args[6], args[7]).withReplicationFactor(1))
                .startTimeout(Duration.ofSeconds(60))
                .build();
        listener.attach(Row.class, new CdcService<>() {
            @Override
            public void onRead(Row after, ChangeSource src) {
                write(out, after.id());
            }

            @Override
            public void onCreate(Row after, ChangeSource src) {
                write(out, after.id());
            }
        }, "public.ecrash");
        listener.start();
        System.out.println("READY");
        System.out.flush();
        listener.awaitTermination(Duration.ofHours(1));
        System.out.println("TERMINATED " + listener.failure().map(Throwable::toString).orElse(""));
    }

    private static void write(OutputStream out, int id) {
        try {
            out.write((id + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
