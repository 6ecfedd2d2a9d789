package io.pgconnector.examples.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ```java} block of a Markdown page with the directives of the {@code <!-- doc-test: ... -->} comments
 * just above it (see CONTRIBUTING.md, "Code blocks in the docs").
 *
 * @param file       the page, relative to the repository root (for messages)
 * @param line       the 1-based line of the block's first code line
 * @param code       the block's lines
 * @param fixtures   fixture names to apply
 * @param continues  whether the block continues the previous java block of the page
 * @param mode       what to do with it
 * @param reason     why it is not run (for COMPILE_ONLY and SKIP)
 */
record DocBlock(String file, int line, List<String> code, Set<String> fixtures, boolean continues, Mode mode,
        String reason) {

    /** What the test does with a block. */
    enum Mode { RUN, COMPILE_ONLY, SKIP }

    private static final Pattern DIRECTIVE = Pattern.compile("^\\s*<!--\\s*doc-test:(.*?)-->\\s*$");

    /** Where the block is, as an editor understands it. */
    String where() {
        return file + ":" + line;
    }

    /**
     * Reads every java block of a page.
     *
     * @param root the repository root
     * @param page the page
     * @return the blocks in order
     * @throws IllegalArgumentException for a directive it does not understand (naming file:line)
     */
    static List<DocBlock> read(Path root, Path page) throws java.io.IOException {
        List<String> lines = Files.readAllLines(page);
        String name = root.relativize(page).toString().replace('\\', '/');
        List<DocBlock> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String fence = lines.get(i).strip();
            if (!fence.startsWith("```")) {
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().startsWith("```")) {
                end++;
            }
            if (fence.substring(3).strip().toLowerCase(Locale.ROOT).equals("java")) {
                blocks.add(block(name, lines, i, end));
            }
            i = end;
        }
        return blocks;
    }

    private static DocBlock block(String file, List<String> lines, int fence, int end) {
        Set<String> fixtures = new LinkedHashSet<>();
        boolean continues = false;
        Mode mode = Mode.RUN;
        String reason = null;
        for (int j = fence - 1; j >= 0; j--) {
            String above = lines.get(j);
            if (above.isBlank()) {
                continue;
            }
            Matcher m = DIRECTIVE.matcher(above);
            if (!m.matches()) {
                break;
            }
            String where = file + ":" + (j + 1);
            for (String part : m.group(1).split(";")) {
                String d = part.strip();
                if (d.isEmpty()) {
                    continue;
                }
                if (d.startsWith("fixture=")) {
                    for (String f : d.substring("fixture=".length()).split(",")) {
                        if (!f.isBlank()) {
                            fixtures.add(f.strip());
                        }
                    }
                } else if (d.equals("continues")) {
                    continues = true;
                } else if (d.startsWith("compile-only") || d.startsWith("skip")) {
                    mode = d.startsWith("skip") ? Mode.SKIP : Mode.COMPILE_ONLY;
                    int colon = d.indexOf(':');
                    reason = colon < 0 ? "" : d.substring(colon + 1).strip();
                    if (reason.isEmpty()) {
                        throw new IllegalArgumentException(where + ": '" + d + "' needs a reason: '"
                                + (mode == Mode.SKIP ? "skip" : "compile-only") + ": why it cannot run'");
                    }
                } else {
                    throw new IllegalArgumentException(where + ": unknown doc-test directive '" + d
                            + "'; known: fixture=a,b; continues; compile-only: reason; skip: reason");
                }
            }
        }
        return new DocBlock(file, fence + 2, List.copyOf(lines.subList(fence + 1, end)), fixtures, continues, mode,
                reason);
    }
}
