package io.pgconnector.client;

import io.pgconnector.errors.InvalidStatementException;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable parameterised SQL statement: text with {@code ?} placeholders and one value per placeholder.
 *
 * <p>Values are always sent to the server as bound parameters, never spliced into the SQL text, so a value such as
 * {@code "'; DROP TABLE t; --"} is stored as data. A wrong number of values is rejected when the {@code Sql} is
 * created, before anything is sent.
 *
 * <pre>{@code
 * Sql byId = Sql.of("SELECT * FROM orders WHERE id = ?", 42L);
 * Sql byIds = Sql.of("SELECT * FROM orders WHERE id IN ?", Sql.in(List.of(1L, 2L, 3L)));
 * Sql filtered = Sql.concat(Sql.of("SELECT * FROM orders WHERE true"),
 *         onlyOpen ? Sql.of(" AND status = ?", Status.OPEN) : Sql.empty());
 * }</pre>
 *
 * <p>Placeholders inside string literals, quoted identifiers, comments and dollar-quoted strings are not counted.
 * PostgreSQL's jsonb operators {@code ?}, {@code ?|} and {@code ?&} are written {@code ??}, {@code ??|} and
 * {@code ??&}, as with pgjdbc.
 *
 * <p>A value that is itself an {@code Sql} is inlined in place of its placeholder: its text replaces the {@code ?}
 * and its values take that position. This is how fragments such as {@link #in(Collection)} are composed.
 *
 * <p>{@link #toString()} shows the text and the number of values, never the values, which may be secrets.
 */
public final class Sql {
    private static final Sql EMPTY = new Sql("", List.of(), 0);

    private final String text;
    private final List<Object> values;

    private Sql(String text, List<Object> values, int unused) {
        this.text = text;
        this.values = values;
    }

    /**
     * Creates a statement from text with {@code ?} placeholders and one value per placeholder.
     *
     * @param text   the SQL text; must not be {@code null}
     * @param values the values, in placeholder order; {@code null} elements are SQL NULL
     * @return the statement
     * @throws InvalidStatementException if the number of values differs from the number of placeholders
     * @throws NullPointerException      if {@code text} is {@code null}
     */
    public static Sql of(String text, Object... values) {
        Objects.requireNonNull(text, "text");
        Object[] given = values == null ? new Object[] {null} : values;
        int[] positions = Implementations.placeholders(text);
        if (positions.length != given.length) {
            throw new InvalidStatementException("The statement has " + positions.length + " placeholder(s) but "
                    + given.length + " value(s) were given: " + abbreviate(text), "07001");
        }
        boolean hasFragment = false;
        for (Object v : given) {
            if (v instanceof Sql) {
                hasFragment = true;
                break;
            }
        }
        if (!hasFragment) {
            return new Sql(text, new Values(given.clone()), 0);
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        List<Object> flat = new ArrayList<>(given.length + 8);
        int last = 0;
        for (int i = 0; i < positions.length; i++) {
            sb.append(text, last, positions[i]);
            if (given[i] instanceof Sql) {
                Sql fragment = (Sql) given[i];
                sb.append(fragment.text);
                flat.addAll(fragment.values);
            } else {
                sb.append('?');
                flat.add(given[i]);
            }
            last = positions[i] + 1;
        }
        sb.append(text, last, text.length());
        return new Sql(sb.toString(), new Values(flat.toArray()), 0);
    }

    /**
     * Creates a statement from text with {@code :name} parameters and a value for each name. The same lexical rules
     * as for {@code ?} apply: nothing inside string literals, quoted names, comments or dollar quotes is a parameter,
     * and {@code ::type} is a cast. A name may be used several times. A value may be a fragment such as
     * {@link #in(Collection)}.
     *
     * <pre>{@code
     * Sql q = Sql.named("SELECT * FROM orders WHERE customer = :customer AND total > :min",
     *         Map.of("customer", "Ada", "min", new BigDecimal("10")));
     * }</pre>
     *
     * @param text   the SQL text with {@code :name} parameters
     * @param values the value of each name; a {@code null} value is SQL NULL (use a map that allows nulls)
     * @return the statement, with {@code ?} placeholders in place of the names
     * @throws InvalidStatementException if a name has no value, a value matches no name, or the text also has
     *                                   {@code ?} placeholders
     */
    public static Sql named(String text, Map<String, ?> values) {
        return Implementations.named(text, values);
    }

    /**
     * Creates a statement from text with {@code :name} parameters, each taking the record component of that name.
     * Components the text does not name are ignored, so one record can feed several statements.
     *
     * <pre>{@code
     * record NewOrder(String customer, BigDecimal total) {}
     * client.execute(Sql.named("INSERT INTO orders(customer, total) VALUES (:customer, :total)", order));
     * }</pre>
     *
     * @param text   the SQL text with {@code :name} parameters
     * @param values the record whose components are the values
     * @return the statement, with {@code ?} placeholders in place of the names
     * @throws InvalidStatementException if a name is not a component of the record, or the text also has {@code ?}
     *                                   placeholders
     */
    public static Sql named(String text, Record values) {
        return Implementations.named(text, values);
    }

    /**
     * Returns the empty fragment: no text and no values. Useful in {@link #concat(Sql...)} for optional parts.
     *
     * @return the empty statement
     */
    public static Sql empty() {
        return EMPTY;
    }

    /**
     * Joins fragments into one statement: the texts are concatenated as they are (add spaces yourself) and the values
     * follow in order.
     *
     * @param parts the fragments; none may be {@code null}
     * @return the joined statement
     */
    public static Sql concat(Sql... parts) {
        Objects.requireNonNull(parts, "parts");
        if (parts.length == 1) {
            return Objects.requireNonNull(parts[0], "parts[0]");
        }
        StringBuilder sb = new StringBuilder();
        List<Object> all = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            int index = i;
            Sql p = Objects.requireNonNull(parts[i], () -> "parts[" + index + "]");
            sb.append(p.text);
            all.addAll(p.values);
        }
        return new Sql(sb.toString(), new Values(all.toArray()), 0);
    }

    /**
     * Joins fragments with a separator between them, for example {@code Sql.join(" AND ", conditions)}.
     *
     * @param separator the text placed between fragments (no placeholders)
     * @param parts     the fragments
     * @return the joined statement
     */
    public static Sql join(String separator, Collection<Sql> parts) {
        Objects.requireNonNull(separator, "separator");
        if (Implementations.placeholderPositions(separator).length != 0) {
            throw new InvalidStatementException("A separator must not contain placeholders: " + separator, "42601");
        }
        List<Sql> list = new ArrayList<>(parts);
        Sql[] withSeparators = new Sql[Math.max(0, list.size() * 2 - 1)];
        Sql sep = new Sql(separator, List.of(), 0);
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                withSeparators[i * 2 - 1] = sep;
            }
            withSeparators[i * 2] = list.get(i);
        }
        return withSeparators.length == 0 ? EMPTY : concat(withSeparators);
    }

    /**
     * Expands a list of values into a parenthesised placeholder list for {@code IN}: {@code (?, ?, ?)}.
     *
     * <pre>{@code Sql.of("SELECT * FROM t WHERE id IN ?", Sql.in(ids))}</pre>
     *
     * @param values the values; must not be empty, because {@code IN ()} is not valid SQL
     * @return the fragment
     * @throws InvalidStatementException if {@code values} is empty
     */
    public static Sql in(Collection<?> values) {
        Objects.requireNonNull(values, "values");
        if (values.isEmpty()) {
            throw new InvalidStatementException("Sql.in needs at least one value: IN () is not valid SQL. "
                    + "Check for an empty collection before building the query.", "42601");
        }
        StringBuilder sb = new StringBuilder(values.size() * 3 + 2).append('(');
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "?" : ", ?");
        }
        sb.append(')');
        return new Sql(sb.toString(), new Values(values.toArray()), 0);
    }

    /**
     * Returns the SQL text with {@code ?} placeholders, as sent to the server.
     *
     * @return the text
     */
    public String text() {
        return text;
    }

    /**
     * Returns the values, in placeholder order. The list is unmodifiable and may contain {@code null}.
     *
     * @return the values
     */
    public List<Object> values() {
        return values;
    }

    /**
     * Returns a statement with the same text and other values, as used for the many executions of a batch.
     *
     * @param newValues the values
     * @return the statement
     * @throws InvalidStatementException if the number of values differs from the number of placeholders
     */
    public Sql withValues(Object... newValues) {
        if (newValues != null && newValues.length == values.size()) {
            boolean fragment = false;
            for (Object v : newValues) {
                fragment |= v instanceof Sql;
            }
            if (!fragment) {
                // The text is unchanged, so its placeholders need not be counted again.
                return new Sql(text, new Values(newValues.clone()), 0);
            }
        }
        return of(text, newValues);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sql && ((Sql) o).text.equals(text) && ((Sql) o).values.equals(values);
    }

    @Override
    public int hashCode() {
        return text.hashCode() * 31 + values.hashCode();
    }

    /** Returns the text and the number of values; values are not shown because they may be secrets. */
    @Override
    public String toString() {
        return "Sql[" + abbreviate(text) + ", " + values.size() + " value(s)]";
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /** The values: an unmodifiable list over a private array, one object per statement (batches hold many). */
    private static final class Values extends AbstractList<Object> implements RandomAccess {
        private final Object[] items;

        Values(Object[] items) {
            this.items = items;
        }

        @Override
        public Object get(int index) {
            return items[index];
        }

        @Override
        public int size() {
            return items.length;
        }
    }
}
