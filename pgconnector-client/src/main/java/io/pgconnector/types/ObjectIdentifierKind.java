package io.pgconnector.types;

import java.util.Locale;

/**
 * The PostgreSQL object identifier alias types ({@code reg*}), whose text form is the name of an object.
 *
 * <p>Example: {@code ObjectIdentifierKind.REGCLASS.typeName()} is {@code regclass}.
 */
public enum ObjectIdentifierKind {
    /** {@code regclass}: a relation name, e.g. {@code pg_class}. */
    REGCLASS,
    /** {@code regconfig}: a text search configuration, e.g. {@code english}. */
    REGCONFIG,
    /** {@code regdictionary}: a text search dictionary, e.g. {@code simple}. */
    REGDICTIONARY,
    /** {@code regnamespace}: a schema name, e.g. {@code public}. */
    REGNAMESPACE,
    /** {@code regoper}: an operator name, e.g. {@code +}. */
    REGOPER,
    /** {@code regoperator}: an operator with argument types, e.g. {@code +(integer,integer)}. */
    REGOPERATOR,
    /** {@code regproc}: a function name, e.g. {@code now}. */
    REGPROC,
    /** {@code regprocedure}: a function with argument types, e.g. {@code sum(integer)}. */
    REGPROCEDURE,
    /** {@code regrole}: a role name. */
    REGROLE,
    /** {@code regtype}: a data type name, e.g. {@code integer}. */
    REGTYPE,
    /** {@code regcollation}: a collation name, e.g. {@code "C"}. */
    REGCOLLATION;

    /**
     * Returns the PostgreSQL type name, e.g. {@code regclass}.
     *
     * @return the type name
     */
    public String typeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Finds the kind for a type name, ignoring case.
     *
     * @param typeName e.g. {@code regtype}
     * @return the kind
     * @throws io.pgconnector.errors.ConversionException if no reg* type has that name
     */
    public static ObjectIdentifierKind fromTypeName(String typeName) {
        for (ObjectIdentifierKind k : values()) {
            if (k.typeName().equalsIgnoreCase(typeName)) {
                return k;
            }
        }
        throw io.pgconnector.errors.ConversionException.invalidText("reg* type name", typeName, null);
    }
}
