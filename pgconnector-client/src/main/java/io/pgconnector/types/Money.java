package io.pgconnector.types;

import io.pgconnector.types.internal.PgText;
import io.pgconnector.errors.ConversionException;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A PostgreSQL {@code money} amount with two decimal places (the server's {@code lc_monetary=C}), between
 * {@code -92233720368547758.08} and {@code 92233720368547758.07}. Amounts with more decimals are rounded half up,
 * as the server does on input.
 *
 * <p>Text form: {@code $1,000.00}, {@code -$1,234.56}. Input also accepts {@code ($1,000.00)} (negative),
 * {@code 1000.00}, {@code 1,000}, {@code -1000}, with or without {@code $}, thousands separators and whitespace.
 *
 * <p>Example: {@code Money.parse("($1,000.00)").amount()} is {@code -1000.00}.
 *
 * @param amount the amount, scale 2
 */
public record Money(BigDecimal amount) {
    private static final BigDecimal MIN = new BigDecimal("-92233720368547758.08");
    private static final BigDecimal MAX = new BigDecimal("92233720368547758.07");

    /**
     * Rounds to two decimals and checks the range.
     *
     * @param amount the amount, not {@code null}
     */
    public Money {
        if (amount == null) {
            throw ConversionException.invalidText("money", null, "amount must not be null");
        }
        amount = amount.setScale(2, RoundingMode.HALF_UP);
        if (amount.compareTo(MIN) < 0 || amount.compareTo(MAX) > 0) {
            throw ConversionException.invalidText("money", amount.toPlainString(), "out of range");
        }
    }

    /**
     * Creates an amount.
     *
     * @param amount the amount
     * @return the money value, scale 2
     */
    public static Money of(BigDecimal amount) {
        return new Money(amount);
    }

    /**
     * Creates an amount from a decimal string such as {@code "12.34"}.
     *
     * @param amount the amount
     * @return the money value
     */
    public static Money of(String amount) {
        return parse(amount);
    }

    /**
     * Parses {@code $1,000.00}, {@code -$1,000.00}, {@code ($1,000.00)}, {@code 1000.00}, {@code 1,000}.
     *
     * @param text the text
     * @return the money value
     * @throws ConversionException if the text is not an amount or is out of range
     */
    public static Money parse(String text) {
        String s = PgText.requireText(text, "money").strip();
        boolean negative = false;
        if (s.startsWith("(") && s.endsWith(")") && s.length() >= 2) {
            negative = true;
            s = s.substring(1, s.length() - 1).strip();
        }
        if (s.startsWith("-")) {
            negative = !negative;
            s = s.substring(1).strip();
        } else if (s.startsWith("+")) {
            s = s.substring(1).strip();
        }
        if (s.startsWith("$")) {
            s = s.substring(1).strip();
        }
        if (s.startsWith("-") && !negative) {
            negative = true;
            s = s.substring(1).strip();
        }
        StringBuilder digits = new StringBuilder();
        boolean dot = false;
        boolean anyDigit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (PgText.isAsciiDigit(c)) {
                digits.append(c);
                anyDigit = true;
            } else if (c == ',' && !dot && anyDigit) {
                continue;
            } else if (c == '.' && !dot) {
                dot = true;
                digits.append(c);
            } else {
                throw ConversionException.invalidText("money", text, "unexpected '" + c + "'");
            }
        }
        if (!anyDigit) {
            throw ConversionException.invalidText("money", text, "no digits");
        }
        BigDecimal value = new BigDecimal(digits.toString());
        BigDecimal amount = negative ? value.negate() : value;
        if (amount.setScale(2, RoundingMode.HALF_UP).compareTo(MIN) < 0
                || amount.setScale(2, RoundingMode.HALF_UP).compareTo(MAX) > 0) {
            throw ConversionException.invalidText("money", text, "out of range");
        }
        return new Money(amount);
    }

    /**
     * Returns the text the server prints with {@code lc_monetary=C}, e.g. {@code $1,000.00} or {@code -$1,234.56}.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        String plain = amount.abs().toPlainString();
        int dot = plain.indexOf('.');
        String whole = plain.substring(0, dot);
        StringBuilder out = new StringBuilder();
        if (amount.signum() < 0) {
            out.append('-');
        }
        out.append('$');
        for (int i = 0; i < whole.length(); i++) {
            if (i > 0 && (whole.length() - i) % 3 == 0) {
                out.append(',');
            }
            out.append(whole.charAt(i));
        }
        return out.append(plain, dot, plain.length()).toString();
    }
}
