package io.pgconnector.cdc;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process of {@link ParallelDeliveryTest}: a listener with 4 delivery threads whose callback sleeps 1 ms
 * (a stand-in for I/O), then appends {@code <pid> <id> <version>} to a file (one write per line, so that a SIGKILL
 * loses nothing a callback returned for). Prints READY once capturing.
 */
public final class ParallelCrashChild {
    private ParallelCrashChild() {
    }

    record Row(int id, int version) {
    }

    /**
     * Runs until killed.
     *
     * @param args host, port, database, user, password (from {@link ChildJvm}), slot, offset file, output file
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        OutputStream out = new FileOutputStream(args[7], true);
        long pid = ProcessHandle.current().pid();
        CdcListener listener = CdcListener.builder()
                .host(args[0]).port(Integer.parseInt(args[1])).database(args[2])
                .username(args[3]).password(args[4])
                .slotName(args[5]).publicationName(args[5])
                .snapshotMode(SnapshotMode.NEVER)
                .offsetStorage(OffsetStorage.file(Path.of(args[6])))
                .deliveryThreads(4)
                .startTimeout(Duration.ofSeconds(60))
                .build();
        listener.attach(Row.class, new CdcService<>() {
            @Override
            public void onCreate(Row after, ChangeSource src) {
                handle(after);
            }

            @Override
            public void onUpdate(Row before, Row after, ChangeSource src) {
                handle(after);
            }

            private void handle(Row row) {
                try {
                    Thread.sleep(1);
                    out.write((pid + " " + row.id() + " " + row.version() + "\n")
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }, "public.par");
        listener.start();
        System.out.println("READY");
        System.out.flush();
        listener.awaitTermination(Duration.ofHours(1));
        System.out.println("TERMINATED " + listener.failure().map(Throwable::toString).orElse(""));
    }
}
