package io.pgconnector.cdc.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a child JVM on the test class path and waits for it to print READY (bounded). */
final class ChildProcess {
    private ChildProcess() {
    }

    static Process start(Class<?> main, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder log = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String line;
        while ((line = r.readLine()) != null) {
            if (line.equals("READY")) {
                Thread drain = new Thread(() -> {
                    try {
                        String l;
                        while ((l = r.readLine()) != null) {
                            if (l.contains("ERROR") || l.startsWith("TERMINATED")) {
                                System.out.println("[child " + p.pid() + "] " + l);
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
            log.append(line).append('\n');
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        p.destroyForcibly();
        throw new AssertionError("The child " + main.getSimpleName() + " did not start:\n" + log);
    }
}
