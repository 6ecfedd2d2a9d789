package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;

import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Seeded random generation for property tests: each check runs {@link #TRIES} samples from a fixed seed, and a
 * failure names the seed and the sample so it can be reproduced.
 */
final class Props {
    static final int TRIES = 1000;
    static final long SEED = 0x5EED_CAFEL;

    private Props() {
    }

    static <T> void forAll(String name, Function<Random, T> generator, Consumer<T> property) {
        for (int i = 0; i < TRIES; i++) {
            long seed = SEED + 31L * i + name.hashCode();
            T sample = generator.apply(new Random(seed));
            try {
                property.accept(sample);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(name + " failed for sample [" + sample + "] (seed " + seed + "): " + e, e);
            }
        }
    }

    /** The parser either succeeds or throws ConversionException, never anything else. */
    static void onlyConversionErrors(String name, Function<Random, String> generator, Consumer<String> parser) {
        forAll(name, generator, s -> {
            try {
                parser.accept(s);
            } catch (ConversionException expected) {
                // fine
            }
        });
    }

    static String fromAlphabet(Random r, String alphabet, int maxLength) {
        int n = r.nextInt(maxLength + 1);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    static String anyString(Random r) {
        int n = r.nextInt(20);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(4);
            if (kind == 0) {
                b.append((char) r.nextInt(0x10000));
            } else {
                b.append((char) (32 + r.nextInt(95)));
            }
        }
        return b.toString();
    }

    /** A string that is either arbitrary or drawn from a type's alphabet, to reach the parsers' deeper paths. */
    static Function<Random, String> strings(String alphabet, int maxLength) {
        return r -> r.nextInt(4) == 0 ? anyString(r) : fromAlphabet(r, alphabet, maxLength);
    }

    /** Mutates a valid text by deleting, inserting or replacing a character. */
    static Function<Random, String> mutations(Function<Random, String> valid, String alphabet) {
        return r -> {
            StringBuilder s = new StringBuilder(valid.apply(r));
            int edits = 1 + r.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int op = r.nextInt(3);
                int at = s.length() == 0 ? 0 : r.nextInt(s.length());
                char c = alphabet.charAt(r.nextInt(alphabet.length()));
                if (op == 0 && s.length() > 0) {
                    s.deleteCharAt(at);
                } else if (op == 1) {
                    s.insert(at, c);
                } else if (s.length() > 0) {
                    s.setCharAt(at, c);
                }
            }
            return s.toString();
        };
    }

    static double anyDouble(Random r) {
        switch (r.nextInt(8)) {
            case 0:
                return r.nextInt(2001) - 1000;
            case 1:
                return (r.nextInt(20001) - 10000) / 4.0;
            case 2:
                return Double.longBitsToDouble(r.nextLong());
            case 3:
                return new double[] {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
                    Double.MIN_VALUE, Double.MAX_VALUE, 1e15, 1e-5, 123456789012345.6, 0.1}[r.nextInt(11)];
            default:
                return (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
        }
    }

    static double finiteDouble(Random r) {
        double d;
        do {
            d = anyDouble(r);
        } while (Double.isNaN(d) || Double.isInfinite(d));
        return d;
    }

    static Point point(Random r) {
        return new Point(anyDouble(r), anyDouble(r));
    }
}
