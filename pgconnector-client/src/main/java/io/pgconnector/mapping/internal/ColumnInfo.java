package io.pgconnector.mapping.internal;

/**
 * A result column (or a change-event field) as the mapping layer sees it.
 *
 * @param name   the column label as the server reports it
 * @param pgType the PostgreSQL type name as in {@code pg_type.typname}: {@code int4}, {@code _int4} for arrays,
 *               {@code point}, a user type's name; may be schema-qualified for user types
 */
public record ColumnInfo(String name, String pgType) {
    /**
     * Tells whether the column is an array ({@code _xxx} type names).
     *
     * @return true for array types
     */
    public boolean isArray() {
        return pgType.startsWith("_") || pgType.endsWith("[]");
    }

    /**
     * Returns the element type name of an array column, or the type itself.
     *
     * @return the element type name
     */
    public String elementType() {
        if (pgType.startsWith("_")) {
            return pgType.substring(1);
        }
        return pgType.endsWith("[]") ? pgType.substring(0, pgType.length() - 2) : pgType;
    }

    /**
     * Describes the column for error messages.
     *
     * @return {@code column 'name' (type)}
     */
    public String describe() {
        return "column '" + name + "' (" + pgType + ")";
    }
}
