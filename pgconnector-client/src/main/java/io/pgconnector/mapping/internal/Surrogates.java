package io.pgconnector.mapping.internal;

import io.pgconnector.errors.ConversionException;

/**
 * Finds unpaired UTF-16 surrogates in text bound for the server. The driver encodes text as UTF-8 and replaces an
 * unpaired surrogate with {@code ?}, so without this check such a string would be stored changed, silently.
 */
public final class Surrogates {
    private Surrogates() {
    }

    /**
     * Returns the index of the first unpaired surrogate, or -1 when the text is valid UTF-16.
     *
     * @param text the text
     * @param from the index to start at
     * @return the index or -1
     */
    public static int firstUnpaired(CharSequence text, int from) {
        int n = text.length();
        for (int i = from; i < n; i++) {
            char ch = text.charAt(i);
            if (Character.isSurrogate(ch)) {
                if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * Tells whether the char at a position is a surrogate without its partner.
     *
     * @param text  the text
     * @param index a position holding a surrogate
     * @return true when unpaired
     */
    public static boolean isUnpairedAt(CharSequence text, int index) {
        char ch = text.charAt(index);
        if (Character.isHighSurrogate(ch)) {
            return index + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(index + 1));
        }
        return index == 0 || !Character.isHighSurrogate(text.charAt(index - 1));
    }

    /**
     * Returns the text, or throws when it holds an unpaired surrogate.
     *
     * @param text the text
     * @return the same text
     * @throws ConversionException naming the position (never the text: parameter values are not recorded)
     */
    public static String checked(String text) {
        int i = firstUnpaired(text, 0);
        if (i >= 0) {
            throw unpaired(text, i);
        }
        return text;
    }

    /**
     * The error for an unpaired surrogate at a position.
     *
     * @param text  the text
     * @param index the position of the surrogate
     * @return the exception to throw
     */
    public static ConversionException unpaired(CharSequence text, int index) {
        return new ConversionException(String.format("the text holds an unpaired UTF-16 surrogate (\\u%04X at index "
                + "%d of %d chars), which has no UTF-8 form; nothing was sent. The string was probably cut in the "
                + "middle of a character: fix it before storing it", (int) text.charAt(index), index, text.length()));
    }
}
