package io.pgconnector.examples.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A chain of docs blocks (one block, or one with the blocks that {@code continue} it) turned into one Java class
 * extending {@link DocSnippet}, with a map from each generated line back to {@code file.md:line}.
 */
final class DocProgram {
    static final String PACKAGE = "io.pgconnector.examples.docs.generated";
    private static final List<String> IMPORTS = List.of("java.math.*", "java.nio.file.Path", "java.time.*",
            "java.util.*", "java.util.function.*", "java.util.stream.*", "io.pgconnector.client.*", "io.pgconnector.errors.*",
            "io.pgconnector.types.*", "io.pgconnector.mapping.*", "io.pgconnector.cdc.*", "io.pgconnector.embedded.*",
            "io.pgconnector.embedded.junit.*");
    private static final Pattern ELIDED_BODY = Pattern.compile("\\{\\s*\\.\\.\\.\\s*}");
    private static final Pattern ELIDED_LINE = Pattern.compile("^\\s*\\.\\.\\.\\s*(//.*)?$");

    private final List<DocBlock> blocks = new ArrayList<>();
    private final Set<String> fixtures = new LinkedHashSet<>();

    DocProgram(DocBlock first) {
        add(first);
    }

    void add(DocBlock block) {
        blocks.add(block);
        fixtures.addAll(block.fixtures());
    }

    DocBlock first() {
        return blocks.get(0);
    }

    Set<String> fixtures() {
        return fixtures;
    }

    /** Runs only if every block of the chain may run. */
    DocBlock.Mode mode() {
        DocBlock.Mode mode = DocBlock.Mode.RUN;
        for (DocBlock b : blocks) {
            if (b.mode().ordinal() > mode.ordinal()) {
                mode = b.mode();
            }
        }
        return mode;
    }

    String reason() {
        return blocks.stream().filter(b -> b.reason() != null).map(DocBlock::reason).findFirst().orElse("");
    }

    String where() {
        return blocks.get(0).where();
    }

    String className() {
        DocBlock b = blocks.get(0);
        return "Doc_" + b.file().replaceAll("[^A-Za-z0-9]", "_") + "_" + b.line();
    }

    /** The Java source; {@code origin} receives, for each generated line (from 1), where it came from. */
    String source(Path fixtureDir, int port, String database, List<String> origin) throws IOException {
        List<String> out = new ArrayList<>();
        String header = "(generated for " + where() + ")";
        add(out, origin, "package " + PACKAGE + ";", header);
        for (String i : IMPORTS) {
            add(out, origin, "import " + i + ";", header);
        }
        for (DocBlock b : blocks) {
            for (int k = 0; k < b.code().size(); k++) {
                String line = b.code().get(k).strip();
                if (line.startsWith("import ")) {
                    add(out, origin, line, b.file() + ":" + (b.line() + k));
                }
            }
        }
        add(out, origin, "public class " + className() + " extends " + DocSnippet.class.getName() + " {", header);
        for (String f : fixtures) {
            Path members = fixtureDir.resolve(f + ".java");
            Path sql = fixtureDir.resolve(f + ".sql");
            if (!Files.exists(members) && !Files.exists(sql)) {
                throw new IllegalArgumentException(where() + ": fixture '" + f + "' has neither " + members
                        + " nor " + sql);
            }
            if (Files.exists(members)) {
                List<String> lines = Files.readAllLines(members);
                for (int k = 0; k < lines.size(); k++) {
                    add(out, origin, lines.get(k), "fixture " + f + ".java:" + (k + 1));
                }
            }
        }
        add(out, origin, "@Override public void run() throws Exception {", header);
        for (DocBlock b : blocks) {
            for (int k = 0; k < b.code().size(); k++) {
                String line = b.code().get(k);
                String where = b.file() + ":" + (b.line() + k);
                if (line.strip().startsWith("import ") || ELIDED_LINE.matcher(line).matches()) {
                    add(out, origin, "", where);
                } else {
                    add(out, origin, adapt(line, port, database), where);
                }
            }
        }
        add(out, origin, "}", header);
        add(out, origin, "}", header);
        return String.join("\n", out) + "\n";
    }

    /**
     * Points the examples' {@code localhost:5432/shop} at the program's database on the embedded server and drops
     * elided bodies. Each program has a database of its own (the client caches table shapes per URL, so a database
     * recreated under the same name would not be fresh).
     */
    private static String adapt(String line, int port, String database) {
        String l = ELIDED_BODY.matcher(line).replaceAll("{ }");
        return l.replace("localhost:5432/shop", "localhost:5432/" + database)
                .replace(".database(\"shop\")", ".database(\"" + database + "\")")
                .replace("localhost:5432", "localhost:" + port).replace(".port(5432)", ".port(" + port + ")");
    }

    private static void add(List<String> out, List<String> origin, String line, String where) {
        out.add(line);
        origin.add(where);
    }
}
