package io.pgconnector.embedded.internal;

import io.pgconnector.embedded.EmbeddedPostgresException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides once how PostgreSQL processes are launched. PostgreSQL refuses to run as root, so when the
 * JVM runs as root the commands go through {@code unshare -U} (a user namespace in which root is
 * mapped to an unprivileged id) or, where that is not usable, {@code runuser -u <user>}.
 */
public final class ProcessLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessLauncher.class);
    private static volatile ProcessLauncher instance;

    /** How commands are wrapped. */
    public enum Mode {
        /** Not root: run commands as they are. */
        DIRECT,
        /** Root: {@code unshare -U cmd}. */
        UNSHARE,
        /** Root: {@code runuser -u user -- cmd}. */
        RUNUSER
    }

    /** System property forcing the mode: {@code direct}, {@code unshare} or {@code runuser[:user]}. */
    public static final String MODE_PROPERTY = "pgconnector.embedded.launchMode";

    private final Mode mode;
    private final String user;

    private ProcessLauncher(Mode mode, String user) {
        this.mode = mode;
        this.user = user;
    }

    /**
     * The launcher for this JVM, detected on first use.
     *
     * @return the launcher
     */
    public static ProcessLauncher get() {
        ProcessLauncher result = instance;
        if (result == null) {
            synchronized (ProcessLauncher.class) {
                if (instance == null) {
                    instance = detect();
                    LOG.debug("PostgreSQL processes are launched in mode {}{}", instance.mode,
                            instance.user == null ? "" : " as user " + instance.user);
                }
                result = instance;
            }
        }
        return result;
    }

    /**
     * The wrapping mode.
     *
     * @return the mode
     */
    public Mode mode() {
        return mode;
    }

    /**
     * The OS user that owns the server files, when it differs from the JVM's user.
     *
     * @return the user, for {@link Mode#RUNUSER} only
     */
    public Optional<String> fileOwner() {
        return mode == Mode.RUNUSER ? Optional.of(user) : Optional.empty();
    }

    /**
     * Wraps a command so that it does not run as root.
     *
     * @param command the command
     * @return the command to execute
     */
    public List<String> wrap(List<String> command) {
        List<String> result = new ArrayList<>();
        switch (mode) {
            case UNSHARE -> result.addAll(List.of("unshare", "-U"));
            case RUNUSER -> result.addAll(List.of("runuser", "-u", user, "--"));
            default -> { }
        }
        result.addAll(command);
        return result;
    }

    private static ProcessLauncher detect() {
        String forced = System.getProperty(MODE_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return forced(forced.trim());
        }
        if (!isRoot()) {
            return new ProcessLauncher(Mode.DIRECT, null);
        }
        String unshareProblem = probe(List.of("unshare", "-U", "id", "-u"));
        if (unshareProblem == null) {
            return new ProcessLauncher(Mode.UNSHARE, null);
        }
        StringBuilder runuserProblems = new StringBuilder();
        for (String candidate : List.of("postgres", "nobody")) {
            String problem = probe(List.of("runuser", "-u", candidate, "--", "id", "-u"));
            if (problem == null) {
                return new ProcessLauncher(Mode.RUNUSER, candidate);
            }
            runuserProblems.append(System.lineSeparator()).append("  runuser -u ").append(candidate).append(": ")
                    .append(problem);
        }
        throw new EmbeddedPostgresException("PostgreSQL refuses to run as root and this JVM runs as root. "
                + "Neither way to drop privileges works here:" + System.lineSeparator()
                + "  unshare -U (needs unprivileged user namespaces, e.g. sysctl kernel.unprivileged_userns_clone=1 "
                + "and a container that allows the unshare syscall): " + unshareProblem
                + runuserProblems + System.lineSeparator()
                + "Either enable user namespaces, install runuser (util-linux) with a 'postgres' or 'nobody' user, "
                + "or run the JVM as a non-root user.");
    }

    private static ProcessLauncher forced(String value) {
        String[] parts = value.split(":", 2);
        switch (parts[0].toLowerCase(java.util.Locale.ROOT)) {
            case "direct":
                return new ProcessLauncher(Mode.DIRECT, null);
            case "unshare":
                return new ProcessLauncher(Mode.UNSHARE, null);
            case "runuser":
                return new ProcessLauncher(Mode.RUNUSER, parts.length > 1 ? parts[1] : "postgres");
            default:
                throw new EmbeddedPostgresException("Unknown value of " + MODE_PROPERTY + ": '" + value
                        + "' (expected direct, unshare or runuser[:user])");
        }
    }

    /** Runs a probe command that must print a non-zero uid; returns null on success or the problem. */
    private static String probe(List<String> command) {
        Path out = null;
        try {
            out = Files.createTempFile("pgconnector-probe", ".txt");
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            String output = Files.readString(out, StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                return "exit code " + p.exitValue() + (output.isEmpty() ? "" : ": " + output);
            }
            if (output.equals("0") || output.isEmpty()) {
                return "still runs as uid 0";
            }
            return null;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    static java.io.File nullFile() {
        return new java.io.File(BinaryCache.isWindows() ? "NUL" : "/dev/null");
    }

    private static boolean isRoot() {
        if (BinaryCache.isWindows()) {
            return false;
        }
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
