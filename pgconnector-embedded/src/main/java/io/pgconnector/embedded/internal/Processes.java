package io.pgconnector.embedded.internal;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starting and killing the PostgreSQL programs ({@code initdb}, {@code postgres}, {@code pg_ctl}). */
final class Processes {

    /** Named after the facade, so that log configuration of EmbeddedPostgres covers the server it runs. */
    private static final Logger LOG = LoggerFactory.getLogger("io.pgconnector.embedded.EmbeddedPostgres");

    private Processes() {
    }

    /** A process builder for the command, wrapped by the launcher, with a clean {@code PG*}/{@code LC_*} environment. */
    static ProcessBuilder builder(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(ProcessLauncher.get().wrap(command));
        pb.environment().keySet().removeIf(name -> name.startsWith("PG") || name.startsWith("LC_"));
        pb.environment().put("LC_ALL", "C");
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        return pb;
    }

    /** The path of a program of the extracted installation. */
    static String binary(String name) {
        return BinaryCache.installation().resolve("bin").resolve(exe(name)).toString();
    }

    static String exe(String name) {
        return BinaryCache.isWindows() ? name + ".exe" : name;
    }

    static File nullFile() {
        return new File(BinaryCache.isWindows() ? "NUL" : "/dev/null");
    }

    /** SIGKILLs a process, its descendants and the extra processes, and waits (bounded) until they are gone. */
    static void killTree(ProcessHandle root, List<ProcessHandle> extra, int port) {
        List<ProcessHandle> all = new ArrayList<>(extra);
        all.add(root);
        all.addAll(root.descendants().collect(Collectors.toList()));
        for (ProcessHandle handle : all) {
            handle.destroyForcibly();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (ProcessHandle handle : all) {
            long remaining = deadline - System.nanoTime();
            try {
                handle.onExit().get(Math.max(1, remaining), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("Process {} of the PostgreSQL server on port {} did not exit after SIGKILL", handle.pid(),
                        port);
            }
        }
    }
}
