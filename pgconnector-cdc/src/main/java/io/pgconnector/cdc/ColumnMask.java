package io.pgconnector.cdc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Hides or shortens the values of chosen columns before they reach a service: replaced by asterisks, truncated, or
 * replaced by a salted hash. Only text columns ({@code char}, {@code varchar}, {@code text}) are changed. Columns are
 * regular expressions matched against the whole {@code schema.table.column}.
 *
 * <p>Masking and truncation are done by Debezium ({@code column.mask.with.N.chars}, {@code column.truncate.to.N.chars}).
 * Hashing is done by the listener itself, after decoding and before mapping, because Debezium applies only the first
 * column rule that matches a column and the listener's own type rules come first. A hashed value is the lower-case
 * hexadecimal digest of the salt's UTF-8 bytes followed by the value's UTF-8 bytes, so equal values hash equally in
 * {@code before} and {@code after} and across events (usable as a join key), while the value itself is not delivered.
 *
 * <pre>{@code
 * CdcListener.builder()
 *         .columnMasks(ColumnMask.mask(8, "public\\.customers\\.card_number"),
 *                      ColumnMask.truncate(100, "public\\.orders\\.note"),
 *                      ColumnMask.hash("SHA-256", "pepper", "public\\.customers\\.email"))
 * }</pre>
 */
public final class ColumnMask {
    /** What is done to the value. */
    public enum Kind {
        /** Replaced by a fixed number of {@code *} ({@code column.mask.with.N.chars}). */
        MASK,
        /** Cut to at most a number of characters ({@code column.truncate.to.N.chars}). */
        TRUNCATE,
        /** Replaced by the hexadecimal digest of salt + value (done by the listener, see the class comment). */
        HASH
    }

    private final Kind kind;
    private final int length;
    private final List<String> columns;
    private final List<Pattern> patterns;
    private final String algorithm;
    private final String salt;

    private ColumnMask(Kind kind, int length, String algorithm, String salt, String[] columns) {
        this.kind = kind;
        this.length = length;
        this.algorithm = algorithm;
        this.salt = salt;
        if (columns.length == 0) {
            throw new IllegalArgumentException("A column mask needs at least one column pattern");
        }
        for (String c : columns) {
            if (c == null || c.isBlank() || c.contains(",")) {
                throw new IllegalArgumentException("Column patterns must be non-blank regular expressions without "
                        + "commas, was '" + c + "'");
            }
        }
        this.columns = List.copyOf(Arrays.asList(columns));
        this.patterns = this.columns.stream().map(Pattern::compile).toList();
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
        return new ColumnMask(Kind.MASK, chars, null, null, columns);
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
        return new ColumnMask(Kind.TRUNCATE, chars, null, null, columns);
    }

    /**
     * Replaces the values of the columns by the lower-case hexadecimal digest of {@code salt} followed by the value
     * (both as UTF-8). Unlike {@link #mask}, equal values stay recognisably equal; unlike a plain digest, the salt
     * keeps short values (e-mail addresses, card numbers) from being looked up in a precomputed table. The salt is
     * never shown by {@link #toString()}.
     *
     * @param algorithm a {@link MessageDigest} algorithm of this JVM, such as {@code "SHA-256"}
     * @param salt      prepended to every value before hashing; may be empty, not null
     * @param columns   regular expressions against {@code schema.table.column}
     * @return the mask
     * @throws IllegalArgumentException if the algorithm is not available, the salt is null or a pattern is invalid
     */
    public static ColumnMask hash(String algorithm, String salt, String... columns) {
        if (algorithm == null || algorithm.isBlank()) {
            throw new IllegalArgumentException("A hash mask needs a digest algorithm such as SHA-256");
        }
        try {
            MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("Digest algorithm '" + algorithm + "' is not available in this JVM; "
                    + "use one such as SHA-256", e);
        }
        if (salt == null) {
            throw new IllegalArgumentException("A hash mask needs a salt (may be empty, not null)");
        }
        return new ColumnMask(Kind.HASH, 0, algorithm, salt, columns);
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
     * @return the property name, or {@code null} for a {@link Kind#HASH} mask (applied by the listener, not Debezium)
     */
    public String debeziumKey() {
        return switch (kind) {
            case MASK -> "column.mask.with." + length + ".chars";
            case TRUNCATE -> "column.truncate.to." + length + ".chars";
            case HASH -> null;
        };
    }

    /**
     * Tells whether this mask applies to a column.
     *
     * @param qualifiedColumn {@code schema.table.column}
     * @return whether one of the patterns matches the whole name
     */
    public boolean appliesTo(String qualifiedColumn) {
        for (Pattern p : patterns) {
            if (p.matcher(qualifiedColumn).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Applies a {@link Kind#HASH} mask to one value.
     *
     * @param value a column value
     * @return the lower-case hexadecimal digest of the salt followed by the value
     * @throws IllegalStateException if this is not a hash mask
     */
    public String hash(String value) {
        if (kind != Kind.HASH) {
            throw new IllegalStateException("Only a hash mask hashes values; this is a " + kind + " mask");
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        digest.update(salt.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColumnMask m && m.kind == kind && m.length == length && m.columns.equals(columns)
                && Objects.equals(m.algorithm, algorithm) && Objects.equals(m.salt, salt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, length, columns, algorithm);
    }

    /** Describes the mask (never its salt). */
    @Override
    public String toString() {
        String name = "ColumnMask." + kind.name().toLowerCase(java.util.Locale.ROOT) + "(";
        return kind == Kind.HASH ? name + algorithm + ", " + columns + ")" : name + length + ", " + columns + ")";
    }
}
