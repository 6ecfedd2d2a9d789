package io.pgconnector.cdc;

import io.pgconnector.embedded.PostgresDatabase;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the child JVM of a crash test (a class with a {@code main} that prints {@code READY} once its listener
 * captures), on this test's class path, with the database's connection as its first five arguments.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * Starts a child and waits until it printed READY (its later output is drained).
     *
     * @param main the child's main class
     * @param db   the database: host, port, database, user and password become the first arguments
     * @param args the child's other arguments
     * @return the running child
     */
    static Process start(Class<?> main, PostgresDatabase db, String... args) throws IOException {
        return start(main, null, db, args);
    }

    /**
     * Starts a child as {@link #start(Class, PostgresDatabase, String...)} does, appending all its output to a log.
     *
     * @param main the child's main class
     * @param log  the file every line the child prints is appended to, or null
     * @param db   the database: host, port, database, user and password become the first arguments
     * @param args the child's other arguments
     * @return the running child
     */
    static Process start(Class<?> main, Path log, PostgresDatabase db, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(db.host(), Integer.toString(db.port()), db.database(),
                db.username(), db.password()));
        all.addAll(List.of(args));
        return startWithout(main, log, all.toArray(String[]::new));
    }

    /**
     * Starts a child that needs no database as {@link #start(Class, Path, PostgresDatabase, String...)} does.
     *
     * @param main the child's main class
     * @param log  the file every line the child prints is appended to, or null
     * @param args the child's arguments
     * @return the running child
     */
    static Process startWithout(Class<?> main, Path log, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer file = log == null ? Writer.nullWriter() : Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        file.write("---- " + main.getSimpleName() + " started\n");
        StringBuilder startLog = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String line;
        while ((line = r.readLine()) != null) {
            file.write(line + "\n");
            if (line.equals("READY")) {
                file.flush();
                Thread drain = new Thread(() -> {
                    try (file) {
                        String l;
                        while ((l = r.readLine()) != null) {
                            file.write(l + "\n");
                            file.flush();
                            // Keeps the pipe from filling up; what the child says after READY is a failure report.
                            if (l.startsWith("TERMINATED") || l.contains("ERROR")) {
                                System.out.println(main.getSimpleName() + ": " + l);
                            }
                        }
                    } catch (IOException ignored) {
                        // the child was killed
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return p;
            }
            startLog.append(line).append('\n');
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        file.close();
        p.destroyForcibly();
        throw new AssertionError("The child " + main.getSimpleName() + " did not start:\n" + startLog);
    }

    /**
     * Kills a child with SIGKILL and waits until it is gone.
     *
     * @param child the child
     */
    static void kill(Process child) throws InterruptedException {
        child.destroyForcibly();
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("The child did not end within 30 s of SIGKILL");
        }
    }
}
