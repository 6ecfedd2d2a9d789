package io.pgconnector.client.internal;

import io.pgconnector.errors.InvalidStatementException;

/** The null checks of the verbs: a clear pgconnector exception naming the argument, not a bare NullPointerException. */
final class Arguments {
    /** SQLSTATE "null value not allowed". */
    static final String NULL_VALUE = "22004";

    private Arguments() {
    }

    /**
     * Returns the value, or throws when it is null.
     *
     * @param value the argument
     * @param name  its name as the verb's Javadoc spells it ({@code sql}, {@code type}, {@code mapper})
     * @param verb  the verb, for the message
     * @return the value
     * @throws InvalidStatementException if it is null
     */
    static <T> T required(T value, String name, String verb) {
        if (value == null) {
            throw new InvalidStatementException(verb + ": argument '" + name + "' is null; nothing was sent",
                    NULL_VALUE);
        }
        return value;
    }
}
