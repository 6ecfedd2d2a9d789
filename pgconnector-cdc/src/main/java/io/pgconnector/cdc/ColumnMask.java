package io.pgconnector.cdc;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Hides or shortens the values of chosen columns before they reach a service: replaced by asterisks, or truncated.
 * Only text columns ({@code char}, {@code varchar}, {@code text}) are changed. Columns are regular expressions
 * matched against {@code schema.table.column}. (Debezium's hashing mask is not offered: Debezium 3.6 applies only
 * the first column rule that matches a column, and the listener's type-propagation rules, which every field needs to
 * be rebuilt exactly, come before it, so a hash rule would never apply.)
 *
 * <pre>{@code
 * CdcListener.builder()
 *         .columnMasks(ColumnMask.mask(8, "public\\.customers\\.card_number"),
 * *                      ColumnMask.truncate(100, "public\\.orders\\.note"))
 * }</pre>
 */
public final class ColumnMask {
    /** What is done to the value. */
    public enum Kind {
        /** Replaced by a fixed number of {@code *} ({@code column.mask.with.N.chars}). */
        MASK,
        /** Cut to at most a number of characters ({@code column.truncate.to.N.chars}). */
        TRUNCATE
    }

    private final Kind kind;
    private final int length;
    private final List<String> columns;

    private ColumnMask(Kind kind, int length, String[] columns) {
        this.kind = kind;
        this.length = length;
        if (columns.length == 0) {
            throw new IllegalArgumentException("A column mask needs at least one column pattern");
        }
        for (String c : columns) {
            if (c == null || c.isBlank() || c.contains(",")) {
                throw new IllegalArgumentException("Column patterns must be non-blank regular expressions without "
                        + "commas, was '" + c + "'");
            }
            Pattern.compile(c);
        }
        this.columns = List.copyOf(Arrays.asList(columns));
    }

    /**
     * Replaces the values of the columns by {@code chars} asterisks.
     *
     * @param chars   how many {@code *}, at least 1
     * @param columns regular expressions against {@code schema.table.column}
     * @return the mask
     * @throws IllegalArgumentException if {@code chars} is below 1 or a pattern is invalid
     */
    public static ColumnMask mask(int chars, String... columns) {
        if (chars < 1) {
            throw new IllegalArgumentException("A mask needs at least 1 character, was " + chars);
        }
        return new ColumnMask(Kind.MASK, chars, columns);
    }

    /**
     * Cuts the values of the columns to at most {@code chars} characters.
     *
     * @param chars   the longest value kept, at least 1
     * @param columns regular expressions against {@code schema.table.column}
     * @return the mask
     * @throws IllegalArgumentException if {@code chars} is below 1 or a pattern is invalid
     */
    public static ColumnMask truncate(int chars, String... columns) {
        if (chars < 1) {
            throw new IllegalArgumentException("Truncation needs at least 1 character, was " + chars);
        }
        return new ColumnMask(Kind.TRUNCATE, chars, columns);
    }

    /**
     * Returns what is done to the values.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns the column patterns.
     *
     * @return the patterns
     */
    public List<String> columns() {
        return columns;
    }

    /**
     * Returns the Debezium property this mask becomes.
     *
     * @return the property name
     */
    public String debeziumKey() {
        return kind == Kind.MASK ? "column.mask.with." + length + ".chars"
                : "column.truncate.to." + length + ".chars";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColumnMask m && m.kind == kind && m.length == length && m.columns.equals(columns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, length, columns);
    }

    /** Describes the mask. */
    @Override
    public String toString() {
        return "ColumnMask." + kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + length + ", " + columns + ")";
    }
}
