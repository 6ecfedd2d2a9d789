package io.pgconnector.examples.docs;

import io.pgconnector.client.PoolOptions;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.embedded.EmbeddedPostgres;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;

/**
 * Every {@code ```java} block of README.md and docs/*.md compiles and runs against the embedded server, so the docs
 * cannot drift from the code. How a block is completed (imports, fields, fixtures, {@code <!-- doc-test: ... -->}
 * directives) is described in CONTRIBUTING.md, "Code blocks in the docs". A failure names {@code file.md:line}.
 */
@WithPostgres
class DocsCodeTest {
    private static final Duration PER_PROGRAM = Duration.ofSeconds(60);

    @Test
    @Timeout(900)
    void everyJavaBlockOfTheDocsCompilesAndRuns(EmbeddedPostgres server) throws Exception {
        Path root = repositoryRoot();
        Path fixtures = root.resolve("pgconnector-examples/src/test/resources/docs-fixtures");
        List<DocProgram> programs = programs(root);
        Map<String, String> sources = new LinkedHashMap<>();
        Map<String, List<String>> origins = new LinkedHashMap<>();
        for (DocProgram p : programs) {
            if (p.mode() != DocBlock.Mode.SKIP) {
                List<String> origin = new ArrayList<>();
                sources.put(p.className(), p.source(fixtures, server.port(), database(p), origin));
                origins.put(p.className(), origin);
            }
        }
        Path out = Files.createTempDirectory("docs-code");
        List<String> failures = new ArrayList<>(DocsCompiler.compile(sources, origins, out));
        if (failures.isEmpty()) {
            createRoles(server);
            try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()},
                    DocsCodeTest.class.getClassLoader())) {
                for (DocProgram p : programs) {
                    if (p.mode() == DocBlock.Mode.RUN) {
                        String failure = run(p, loader, server, fixtures, origins.get(p.className()));
                        if (failure != null) {
                            failures.add(failure);
                        }
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " docs code block(s) failed (conventions: CONTRIBUTING.md, \"Code blocks in "
                    + "the docs\"):\n" + String.join("\n", failures));
        }
    }

    private static List<DocProgram> programs(Path root) throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        String only = System.getenv().getOrDefault("DOCS_ONLY", System.getProperty("docs.only", ""));
        if (!only.isBlank()) {
            pages.removeIf(p -> java.util.Arrays.stream(only.split(",")).noneMatch(o -> p.endsWith(o.strip())));
        }
        List<DocProgram> programs = new ArrayList<>();
        for (Path page : pages) {
            DocProgram previous = null;
            for (DocBlock b : DocBlock.read(root, page)) {
                if (b.continues()) {
                    if (previous == null) {
                        throw new IllegalArgumentException(b.where() + ": 'continues' but no java block before it");
                    }
                    previous.add(b);
                } else {
                    previous = new DocProgram(b);
                    programs.add(previous);
                }
            }
        }
        return programs;
    }

    private static String run(DocProgram p, ClassLoader loader, EmbeddedPostgres server, Path fixtures,
            List<String> origin) throws Exception {
        String where = p.where();
        String database = database(p);
        Set<Path> before = filesIn(Path.of(""));
        try {
            freshDatabase(server, database);
            PostgresDatabase db = new PostgresDatabase(server, database);
            for (String f : p.fixtures()) {
                Path sql = fixtures.resolve(f + ".sql");
                if (Files.exists(sql)) {
                    execute(server, database, Files.readString(sql),
                            "GRANT ALL ON ALL TABLES IN SCHEMA public TO app",
                            "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO app");
                }
            }
            DocSnippet snippet = (DocSnippet) loader.loadClass(DocProgram.PACKAGE + "." + p.className())
                    .getDeclaredConstructor().newInstance();
            ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "docs " + where);
                t.setDaemon(true);
                return t;
            });
            try (PostgresClient client = PostgresClient.builder().host(server.host()).port(server.port())
                    .username(server.username()).password(server.password()).database(database)
                    .pool(PoolOptions.builder().maxOpenConnections(4).build()).build()) {
                snippet.init(client, db, server);
                Future<?> done = thread.submit(() -> {
                    snippet.run();
                    return null;
                });
                long start = System.nanoTime();
                done.get(PER_PROGRAM.toSeconds(), TimeUnit.SECONDS);
                System.out.printf("docs: %s ran in %d ms%n", where, (System.nanoTime() - start) / 1_000_000);
            } finally {
                thread.shutdownNow();
            }
            return null;
        } catch (ExecutionException e) {
            return where + ": failed when run: " + describe(e.getCause(), origin);
        } catch (TimeoutException e) {
            return where + ": did not finish within " + PER_PROGRAM.toSeconds() + " s";
        } catch (RuntimeException | SQLException e) {
            return where + ": could not be set up: " + describe(e, origin);
        } finally {
            try {
                dropDatabase(server, database);
            } catch (SQLException e) {
                System.out.println("docs: could not drop " + database + ": " + e);
            }
            // Files the examples write to the working directory (offsets.dat) do not outlive them.
            for (Path created : filesIn(Path.of(""))) {
                if (!before.contains(created)) {
                    Files.deleteIfExists(created);
                }
            }
        }
    }

    private static Set<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toSet());
        }
    }

    /** The exception, and the docs line of the innermost generated frame. */
    private static String describe(Throwable t, List<String> origin) {
        StringBuilder sb = new StringBuilder(t.toString());
        for (Throwable c = t; c != null; c = c.getCause()) {
            for (StackTraceElement e : c.getStackTrace()) {
                if (e.getClassName().startsWith(DocProgram.PACKAGE) && e.getLineNumber() > 0
                        && e.getLineNumber() <= origin.size()) {
                    return sb.append("\n        thrown at ").append(origin.get(e.getLineNumber() - 1)).toString();
                }
            }
        }
        return sb.toString();
    }

    private static void createRoles(EmbeddedPostgres server) throws SQLException {
        execute(server, "postgres",
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') THEN "
                        + "CREATE ROLE app LOGIN PASSWORD 'secret'; END IF; "
                        + "IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cdc') THEN "
                        + "CREATE ROLE cdc LOGIN REPLICATION PASSWORD 'secret'; END IF; END $$");
    }

    /** The database of a program: {@code shop} in the docs, one per program here. */
    private static String database(DocProgram p) {
        return "shop_" + p.className().toLowerCase(java.util.Locale.ROOT).replace("doc_", "");
    }

    private static void freshDatabase(EmbeddedPostgres server, String database) throws SQLException {
        dropDatabase(server, database);
        execute(server, "postgres", "CREATE DATABASE " + database + " OWNER app");
        execute(server, database, "GRANT ALL ON SCHEMA public TO app");
    }

    private static void dropDatabase(EmbeddedPostgres server, String database) throws SQLException {
        // A database with replication slots cannot be dropped, not even WITH (FORCE).
        execute(server, "postgres", "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots "
                        + "WHERE database = '" + database + "' AND active_pid IS NOT NULL",
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = '"
                        + database + "' AND NOT active",
                "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void execute(EmbeddedPostgres server, String database, String... statements)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(database), server.username(),
                server.password()); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("README.md and docs/ not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
