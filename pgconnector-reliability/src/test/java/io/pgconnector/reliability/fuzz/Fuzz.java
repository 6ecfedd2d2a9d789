package io.pgconnector.reliability.fuzz;

import java.util.List;
import java.util.Random;

/**
 * Seeded generators of hostile text: arbitrary strings, strings from a type's alphabet, and mutations of valid
 * texts. Every sample is made from its own seed, so a failure names the one seed that reproduces it. The base seed
 * can be changed with {@code -Dreliability.fuzz.seed=...} to explore further.
 */
final class Fuzz {
    static final long BASE_SEED = Long.getLong("reliability.fuzz.seed", 0x5EED_F022L);

    private Fuzz() {
    }

    /** The three kinds of sample. */
    enum Kind { ANY, ALPHABET, MUTATION }

    static long seed(String name, Kind kind, int i) {
        return BASE_SEED + 1_000_003L * name.hashCode() + 10_007L * kind.ordinal() + i;
    }

    static String sample(Kind kind, long seed, String alphabet, List<String> valid) {
        Random r = new Random(seed);
        switch (kind) {
            case ANY:
                return any(r);
            case ALPHABET:
                return fromAlphabet(r, alphabet, 1 + r.nextInt(48));
            default:
                return mutate(r, valid.get(r.nextInt(valid.size())), alphabet);
        }
    }

    /** Anything: printable ASCII, control characters, any BMP character, surrogate pairs and lone surrogates. */
    static String any(Random r) {
        int n = r.nextInt(40);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(6)) {
                case 0 -> b.append((char) r.nextInt(0x10000));
                case 1 -> b.append((char) r.nextInt(32));
                case 2 -> b.appendCodePoint(0x10000 + r.nextInt(0x10FFFF - 0x10000));
                default -> b.append((char) (32 + r.nextInt(95)));
            }
        }
        return b.toString();
    }

    static String fromAlphabet(Random r, String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** One to four edits: delete, insert, replace, duplicate a slice, truncate, or splice in a huge number. */
    static String mutate(Random r, String valid, String alphabet) {
        StringBuilder s = new StringBuilder(valid);
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = s.length() == 0 ? 0 : r.nextInt(s.length() + 1);
            char c = alphabet.charAt(r.nextInt(alphabet.length()));
            switch (r.nextInt(7)) {
                case 0 -> {
                    if (at < s.length()) {
                        s.deleteCharAt(at);
                    }
                }
                case 1 -> s.insert(at, c);
                case 2 -> {
                    if (at < s.length()) {
                        s.setCharAt(at, c);
                    } else {
                        s.append(c);
                    }
                }
                case 3 -> {
                    int end = Math.min(s.length(), at + 1 + r.nextInt(8));
                    s.insert(at, s.substring(at, end));
                }
                case 4 -> s.setLength(at);
                case 5 -> s.insert(at, r.nextBoolean() ? "99999999999999999999999999" : "1e999");
                default -> s.insert(at, r.nextBoolean() ? "-" : " ");
            }
        }
        return s.toString();
    }

    /** Java-escapes a sample so that a failure message shows it exactly. */
    static String show(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c >= 32 && c < 127) {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.append('"').toString();
    }
}
