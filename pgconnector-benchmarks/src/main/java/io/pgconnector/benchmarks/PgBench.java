package io.pgconnector.benchmarks;

import io.pgconnector.embedded.EmbeddedPostgres;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's own load generator as a reference: {@code pgbench -M prepared} running the same point select with the
 * same number of clients. The embedded server's binaries do not include pgbench; it is used when one is on the PATH.
 */
final class PgBench {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

    private PgBench() {
    }

    /** Tells whether a pgbench is on the PATH. */
    static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "pgbench"))) {
                return true;
            }
        }
        return false;
    }

    /** Runs the point select with {@code clients} connections for about {@code millis}; returns queries per second. */
    static double pointSelect(EmbeddedPostgres server, int clients, long millis) throws Exception {
        return pointSelect(server, clients, millis, 1);
    }

    /**
     * Runs the point select with {@code clients} connections for about {@code millis}, {@code depth} statements per
     * pipeline ({@code \startpipeline}; 1 = no pipelining); returns queries per second. pgbench's client costs next
     * to nothing, so with pipelining this is about the most point selects the server can answer on this machine.
     */
    static double pointSelect(EmbeddedPostgres server, int clients, long millis, int depth) throws Exception {
        Path script = Files.createTempFile("point_select", ".sql");
        try {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < depth; i++) {
                text.append("\\set id").append(i).append(" random(1, 10000)\n");
            }
            text.append(depth > 1 ? "\\startpipeline\n" : "");
            for (int i = 0; i < depth; i++) {
                text.append(PointSelectBench.SELECT.replace("?", ":id" + i)).append(";\n");
            }
            text.append(depth > 1 ? "\\endpipeline\n" : "");
            Files.writeString(script, text, StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder(List.of("pgbench", "-n", "-M", "prepared", "-c",
                    String.valueOf(clients), "-j", String.valueOf(clients), "-T",
                    String.valueOf(Math.max(1, millis / 1000)), "-f", script.toString(), "-h", server.host(), "-p",
                    String.valueOf(server.port()), "-U", server.username(), "postgres"));
            pb.environment().put("PGPASSWORD", server.password());
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("pgbench failed: " + out);
            }
            Matcher m = TPS.matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("pgbench printed no tps: " + out);
            }
            return Double.parseDouble(m.group(1)) * depth; // pgbench counts scripts, each runs depth statements
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
