package io.pgconnector.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs contenders side by side: each round runs every contender once, in an order that rotates between rounds so
 * that neither always goes first, and the figure kept is the median over rounds. Prints a table row and one
 * machine-readable {@code RESULT} line per comparison.
 */
final class Harness {
    /** One way of doing the work; returns its figure for one run (higher is better unless the unit says ms). */
    interface Contender {
        double run() throws Exception;
    }

    private static final List<String> TABLE = new ArrayList<>();

    private Harness() {
    }

    /**
     * Measures contender and references side by side.
     *
     * @param rounds     measured rounds (one unmeasured warm-up round comes first)
     * @param unit       the figures' unit
     * @param contenders name and code of each; the first is pgconnector's, the others references
     * @return the medians, in the order given
     */
    static double[] compare(int rounds, String unit, Object... contenders) throws Exception {
        int n = contenders.length / 2;
        String[] names = new String[n];
        Contender[] code = new Contender[n];
        for (int i = 0; i < n; i++) {
            names[i] = (String) contenders[2 * i];
            code[i] = (Contender) contenders[2 * i + 1];
        }
        double[][] figures = new double[n][rounds];
        for (int i = 0; i < n; i++) {
            code[i].run();
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                int i = (k + r) % n;
                figures[i][r] = code[i].run();
            }
        }
        double[] medians = new double[n];
        for (int i = 0; i < n; i++) {
            medians[i] = median(figures[i]);
            System.out.printf(Locale.ROOT, "  %-44s median %12.1f %-5s  rounds %s%n", names[i], medians[i], unit,
                    Arrays.toString(Arrays.stream(figures[i]).map(v -> Math.round(v * 10) / 10.0).toArray()));
        }
        return medians;
    }

    /**
     * Prints a RESULT line and remembers it for the summary table.
     *
     * @param name      the figure's name
     * @param value     the contender's figure
     * @param unit      its unit
     * @param reference the reference's figure
     */
    static void result(String name, double value, String unit, double reference) {
        double ratio = reference == 0 ? 0 : value / reference;
        String line = String.format(Locale.ROOT, "RESULT %s %.1f %s ratio=%.2f", name, value, unit, ratio);
        System.out.println(line);
        TABLE.add(String.format(Locale.ROOT, "| %-58s | %12.1f %-5s | %12.1f | %6.2f |", name, value, unit,
                reference, ratio));
    }

    /** Prints the summary of every RESULT so far as a table. */
    static void printTable() {
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "| %-58s | %18s | %12s | %6s |", "figure", "pgconnector",
                "reference", "ratio"));
        System.out.println("|" + "-".repeat(60) + "|" + "-".repeat(20) + "|" + "-".repeat(14) + "|" + "-".repeat(8)
                + "|");
        TABLE.forEach(System.out::println);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
