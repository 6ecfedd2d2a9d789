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
        Path script = Files.createTempFile("point_select", ".sql");
        try {
            Files.writeString(script, "\\set id random(1, 10000)\n"
                    + PointSelectBench.SELECT.replace("?", ":id") + ";\n", StandardCharsets.UTF_8);
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
            return Double.parseDouble(m.group(1));
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
