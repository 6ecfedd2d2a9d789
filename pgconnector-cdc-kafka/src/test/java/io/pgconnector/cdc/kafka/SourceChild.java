package io.pgconnector.cdc.kafka;

import io.pgconnector.cdc.CdcService;
import io.pgconnector.cdc.ChangeSource;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The child JVM of {@link KafkaCrashTest}: a {@link KafkaCdcSource} in a consumer group that appends
 * {@code id version partition} per delivered change to its own file (one write per change, so a SIGKILL loses
 * nothing a callback returned for). Prints READY once started.
 */
public final class SourceChild {
    private SourceChild() {
    }

    record Row(int id, int v) {
    }

    /**
     * Runs until killed.
     *
     * @param args bootstrap servers, group, topic prefix, output file
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        OutputStream out = new FileOutputStream(args[3], true);
        KafkaCdcSource source = KafkaCdcSource.builder().bootstrapServers(args[0]).groupId(args[1])
                .topicPrefix(args[2]).clientProperty("session.timeout.ms", "6000")
                .clientProperty("heartbeat.interval.ms", "500").build();
        source.attach(Row.class, new CdcService<>() {
            @Override
            public void onRead(Row after, ChangeSource src) {
                write(out, after, src);
            }

            @Override
            public void onCreate(Row after, ChangeSource src) {
                write(out, after, src);
            }

            @Override
            public void onUpdate(Row before, Row after, ChangeSource src) {
                write(out, after, src);
            }
        }, "public.crash");
        source.start();
        System.out.println("READY");
        System.out.flush();
        source.awaitTermination(Duration.ofHours(1));
        System.out.println("TERMINATED " + source.failure().map(Throwable::toString).orElse(""));
    }

    private static void write(OutputStream out, Row row, ChangeSource src) {
        try {
            out.write((row.id() + " " + row.v() + " " + src.kafka().partition() + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
