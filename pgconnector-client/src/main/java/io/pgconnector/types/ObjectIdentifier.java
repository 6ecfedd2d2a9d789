package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;

/**
 * A value of one of the {@code reg*} object identifier types: the object's name as the server prints it, e.g.
 * {@code pg_class} ({@code regclass}), {@code integer} ({@code regtype}), {@code +(integer,integer)}
 * ({@code regoperator}). The name is not resolved here; the server does that.
 *
 * <p>Example: {@code ObjectIdentifier.parse(ObjectIdentifierKind.REGCLASS, "pg_class").toString()} is
 * {@code pg_class}.
 *
 * @param kind the reg* type
 * @param name the object name, e.g. {@code public.my_table}
 */
public record ObjectIdentifier(ObjectIdentifierKind kind, String name) {

    /**
     * Validates the value.
     *
     * @param kind the type, not {@code null}
     * @param name the name, not blank
     */
    public ObjectIdentifier {
        if (kind == null) {
            throw ConversionException.invalidText("reg*", name, "kind must not be null");
        }
        if (name == null || name.isBlank()) {
            throw ConversionException.invalidText(kind.typeName(), name, "name must not be empty");
        }
    }

    /**
     * Creates a value.
     *
     * @param kind the reg* type
     * @param name the object name
     * @return the value
     */
    public static ObjectIdentifier of(ObjectIdentifierKind kind, String name) {
        return new ObjectIdentifier(kind, name);
    }

    /**
     * Reads the server's text form (the name, surrounding whitespace removed).
     *
     * @param kind the reg* type
     * @param text the text
     * @return the value
     * @throws ConversionException if the text is blank
     */
    public static ObjectIdentifier parse(ObjectIdentifierKind kind, String text) {
        return new ObjectIdentifier(kind, text == null ? null : text.strip());
    }

    /**
     * Returns the name.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        return name;
    }
}
