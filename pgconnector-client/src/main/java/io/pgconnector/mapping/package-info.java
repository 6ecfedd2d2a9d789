/**
 * Annotations that shape how rows and values map to Java types: {@link io.pgconnector.mapping.Column} renames a
 * column, {@link io.pgconnector.mapping.PgType} ties a record to a composite type or an enum to an enum type.
 */
package io.pgconnector.mapping;
