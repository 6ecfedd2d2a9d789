package io.pgconnector.examples.docs;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Compiles the generated programs in one javac run, in-process, reporting errors at their docs lines. */
final class DocsCompiler {
    private DocsCompiler() {
    }

    /**
     * Compiles the sources into {@code out}.
     *
     * @param sources class name to source
     * @param origins class name to the origin of each line
     * @param out     the class output directory
     * @return the errors, each starting with {@code file.md:line}; empty when all compiled
     */
    static List<String> compile(Map<String, String> sources, Map<String, List<String>> origins, Path out)
            throws java.io.IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: run the tests on a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<JavaFileObject> units = new ArrayList<>();
        Map<URI, String> classOf = new HashMap<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            JavaFileObject unit = new Source(e.getKey(), e.getValue());
            units.add(unit);
            classOf.put(unit.toUri(), e.getKey());
        }
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(out.toFile()));
            List<File> cp = new ArrayList<>();
            for (String entry : classPath.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    cp.add(new File(entry));
                }
            }
            files.setLocation(StandardLocation.CLASS_PATH, cp);
            javac.getTask(null, files, diagnostics, List.of("-proc:none", "-encoding", "UTF-8",
                    "--release", "17", "-Xlint:none", "-nowarn"), null, units).call();
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String where = "(unknown place)";
            String code = "";
            if (d.getSource() != null && classOf.containsKey(d.getSource().toUri()) && d.getLineNumber() > 0) {
                String cls = classOf.get(d.getSource().toUri());
                where = origins.get(cls).get((int) d.getLineNumber() - 1);
                code = sources.get(cls).split("\n", -1)[(int) d.getLineNumber() - 1].strip();
            }
            errors.add(where + ": does not compile: " + d.getMessage(Locale.ROOT) + "\n        " + code);
        }
        return errors;
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String className, String code) {
            super(URI.create("string:///" + DocProgram.PACKAGE.replace('.', '/') + "/" + className + ".java"),
                    Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
