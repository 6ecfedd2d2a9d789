package io.pgconnector.mapping.internal;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.errors.FieldMismatchException;
import io.pgconnector.mapping.Column;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * Reads the components of a record, the way rows are written: by component name (named parameters) or by the table
 * column each component maps to (COPY), with the same matching rules as reading rows into records (case and
 * underscores ignored, {@link Column @Column} renames). Planned once per record class.
 */
public final class RecordValues {
    private static final ClassValue<RecordValues> PLANS = new ClassValue<>() {
        @Override
        protected RecordValues computeValue(Class<?> type) {
            return new RecordValues(type);
        }
    };

    private final Class<?> type;
    private final String[] names;
    private final String[] columnNames;
    private final boolean[] renamed;
    private final Class<?>[] types;
    private final MethodHandle[] getters;
    private final java.util.Map<String, Integer> byName = new java.util.HashMap<>();

    private RecordValues(Class<?> type) {
        if (!type.isRecord()) {
            throw new ConversionException(type.getName() + " is not a record");
        }
        this.type = type;
        RecordComponent[] components = type.getRecordComponents();
        int n = components.length;
        names = new String[n];
        columnNames = new String[n];
        renamed = new boolean[n];
        types = new Class<?>[n];
        getters = new MethodHandle[n];
        for (int k = 0; k < n; k++) {
            RecordComponent rc = components[k];
            Column rename = rc.getAnnotation(Column.class);
            names[k] = rc.getName();
            columnNames[k] = rename != null ? rename.value() : rc.getName();
            renamed[k] = rename != null;
            types[k] = rc.getType();
            byName.put(rc.getName(), k);
            try {
                Method accessor = rc.getAccessor();
                accessor.setAccessible(true);
                getters[k] = MethodHandles.lookup().unreflect(accessor)
                        .asType(MethodType.methodType(Object.class, Object.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new ConversionException("Cannot read the components of " + type.getName()
                        + " (if it is in a named module, open its package to io.pgconnector.client): " + e, e);
            }
        }
    }

    /**
     * Returns the plan of a record class.
     *
     * @param type the record class
     * @return the plan
     * @throws ConversionException if the class is not a record or its components cannot be read
     */
    public static RecordValues of(Class<?> type) {
        return PLANS.get(type);
    }

    /**
     * Returns the number of components.
     *
     * @return the count
     */
    public int size() {
        return names.length;
    }

    /**
     * Returns a component's name.
     *
     * @param k the component index
     * @return the name
     */
    public String name(int k) {
        return names[k];
    }

    /**
     * Returns the index of the component with this name.
     *
     * @param name the component name
     * @return the index, or -1
     */
    public int indexOf(String name) {
        Integer k = byName.get(name);
        return k == null ? -1 : k;
    }

    /**
     * Returns the component names, in declaration order.
     *
     * @return the names
     */
    public List<String> names() {
        return List.of(names);
    }

    /**
     * Returns a component's declared class.
     *
     * @param k the component index
     * @return the class
     */
    public Class<?> type(int k) {
        return types[k];
    }

    /**
     * Returns a component's value.
     *
     * @param record the record
     * @param k      the component index
     * @return the value
     */
    public Object get(Object record, int k) {
        try {
            return (Object) getters[k].invokeExact(record);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new ConversionException("Reading component '" + names[k] + "' of " + type.getName() + " failed: "
                    + e, e);
        }
    }

    /**
     * Returns, for each component, the index of the column it maps to.
     *
     * @param columns the columns of the target table
     * @return one column index per component
     * @throws FieldMismatchException if a component has no column
     */
    public int[] columnsOf(List<ColumnInfo> columns) {
        int[] index = new int[names.length];
        for (int k = 0; k < names.length; k++) {
            index[k] = RowMapper.findColumn(columns, columnNames[k], renamed[k]);
            if (index[k] < 0) {
                throw new FieldMismatchException("Record component '" + names[k] + "' of " + type.getName()
                        + " has no matching column" + (renamed[k] ? " named '" + columnNames[k] + "'" : "")
                        + "; the table has columns " + columns.stream().map(ColumnInfo::name).toList()
                        + ". Rename the component, or annotate it with @Column.");
            }
        }
        return index;
    }
}
