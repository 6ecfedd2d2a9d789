package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;

import java.util.ArrayList;
import java.util.List;

/**
 * A label path of the {@code ltree} extension, such as {@code Top.Science.Astronomy}: a sequence of labels (letters,
 * digits, {@code _} and {@code -}, at most 1000 characters each). Immutable; equality is by the labels. It travels
 * as {@code ltree} once {@code io.pgconnector.codec.LtreeCodec} is registered.
 *
 * <p>Example: {@code Ltree.parse("Top.Science").child("Astronomy").toString()} is {@code Top.Science.Astronomy}.
 *
 * @param labels the labels, from the root
 */
public record Ltree(List<String> labels) {
    private static final int MAX_LABEL = 1000;

    /**
     * Validates the labels.
     *
     * @param labels the labels, none empty
     * @throws ConversionException if a label is empty, too long or holds a character ltree does not allow
     */
    public Ltree {
        if (labels == null) {
            throw ConversionException.invalidText("ltree", null, "must not be null");
        }
        labels = List.copyOf(labels);
        for (String label : labels) {
            check(label);
        }
    }

    /**
     * Creates a path from its labels.
     *
     * @param labels the labels, from the root
     * @return the path
     * @throws ConversionException if a label is not valid
     */
    public static Ltree of(String... labels) {
        return new Ltree(List.of(labels));
    }

    /**
     * Parses the text form: labels separated by dots; the empty string is the empty path.
     *
     * @param text the text
     * @return the path
     * @throws ConversionException if the text is not a valid path
     */
    public static Ltree parse(String text) {
        if (text == null) {
            throw ConversionException.invalidText("ltree", null, "must not be null");
        }
        String t = text.strip();
        if (t.isEmpty()) {
            return new Ltree(List.of());
        }
        List<String> labels = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= t.length(); i++) {
            if (i == t.length() || t.charAt(i) == '.') {
                String label = t.substring(start, i);
                if (label.isEmpty()) {
                    throw ConversionException.invalidText("ltree", text, "empty label at position " + start);
                }
                labels.add(label);
                start = i + 1;
            }
        }
        return new Ltree(labels);
    }

    private static void check(String label) {
        if (label == null || label.isEmpty()) {
            throw ConversionException.invalidText("ltree", null, "a label must not be empty");
        }
        if (label.length() > MAX_LABEL) {
            throw ConversionException.invalidText("ltree", null, "a label is longer than " + MAX_LABEL
                    + " characters");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
                throw ConversionException.invalidText("ltree", label, "'" + c + "' is not allowed in a label "
                        + "(letters, digits, _ and - are)");
            }
        }
    }

    /**
     * Returns the number of labels.
     *
     * @return the depth ({@code nlevel} in SQL)
     */
    public int depth() {
        return labels.size();
    }

    /**
     * Returns this path with one more label at the end.
     *
     * @param label the label
     * @return the child path
     * @throws ConversionException if the label is not valid
     */
    public Ltree child(String label) {
        List<String> l = new ArrayList<>(labels);
        l.add(label);
        return new Ltree(l);
    }

    /**
     * Returns the path without its last label.
     *
     * @return the parent path
     * @throws IllegalStateException if the path is empty
     */
    public Ltree parent() {
        if (labels.isEmpty()) {
            throw new IllegalStateException("The empty ltree has no parent");
        }
        return new Ltree(labels.subList(0, labels.size() - 1));
    }

    /**
     * Tells whether this path is an ancestor of another or equal to it (SQL's {@code @>}).
     *
     * @param other the other path
     * @return true if {@code other} starts with this path's labels
     */
    public boolean isAncestorOf(Ltree other) {
        return other.labels.size() >= labels.size() && other.labels.subList(0, labels.size()).equals(labels);
    }

    /**
     * Returns the text form, the labels joined by dots.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return String.join(".", labels);
    }
}
