package io.pgconnector.mapping.internal;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.errors.FieldMismatchException;
import io.pgconnector.errors.TypeMismatchException;
import io.pgconnector.mapping.Column;
import io.pgconnector.mapping.PgType;
import io.pgconnector.types.Range;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Maps a row (a result-set row, or the column values of a change event) to a Java type: a {@code Map}, a scalar, a
 * record through its canonical constructor, or a class through its no-argument constructor and fields or setters.
 * The plan (which column feeds which component, and how it is read) is made once per target type and column list.
 *
 * @param <T> the target type
 */
public final class RowMapper<T> {
    private enum Kind { MAP, SCALAR, RECORD, BEAN }

    private static final int CACHE_LIMIT = 2048;
    private static final Map<PlanKey, RowMapper<?>> CACHE = new ConcurrentHashMap<>();

    private record PlanKey(Class<?> type, List<ColumnInfo> columns, CodecRegistry codecs) {
    }

    private final Class<T> type;
    private final Kind kind;
    private final List<ColumnInfo> columns;
    private final int[] columnIndex;
    // Slot k reads column k, for every column: a row of values can serve as the arguments themselves.
    private final boolean everyColumnInOrder;
    // Per column of the result: whether some slot reads it.
    private final boolean[] reads;
    private final Type[] slotTypes;
    /** The slots of a primitive type (a null there is a mismatch), planned once: checked on every row. */
    private final int[] primitiveSlots;
    private final String[] slotOwners;
    private final ColumnReader[] readers;
    /** The boxed class of each slot whose type is a plain class (else null), for the no-conversion case. */
    private final Class<?>[] slotClasses;
    private final MethodHandle recordConstructor;
    /** For records: reads a whole row straight into the canonical constructor, primitives unboxed. */
    private final MethodHandle rowReader;
    private final Constructor<?> beanConstructor;
    private final Setter[] setters;
    private final CodecRegistry codecs;

    @FunctionalInterface
    private interface Setter {
        void set(Object target, Object value) throws Throwable;
    }

    private RowMapper(CodecRegistry codecs, Class<T> type, Kind kind, List<ColumnInfo> columns, int[] columnIndex,
            Type[] slotTypes, String[] slotOwners, MethodHandle recordConstructor, Constructor<?> beanConstructor,
            Setter[] setters) {
        this.codecs = codecs;
        this.type = type;
        this.kind = kind;
        this.columns = columns;
        this.columnIndex = columnIndex;
        this.slotTypes = slotTypes;
        this.primitiveSlots = java.util.stream.IntStream.range(0, slotTypes.length)
                .filter(k -> slotTypes[k] instanceof Class && ((Class<?>) slotTypes[k]).isPrimitive()).toArray();
        this.slotOwners = slotOwners;
        this.beanConstructor = beanConstructor;
        this.setters = setters;
        this.readers = new ColumnReader[columnIndex.length];
        this.slotClasses = new Class<?>[columnIndex.length];
        boolean inOrder = columnIndex.length == columns.size();
        for (int k = 0; k < columnIndex.length && inOrder; k++) {
            inOrder = columnIndex[k] == k;
        }
        this.everyColumnInOrder = inOrder;
        this.reads = new boolean[columns.size()];
        for (int c : columnIndex) {
            reads[c] = true;
        }
        for (int k = 0; k < columnIndex.length; k++) {
            if (slotTypes[k] instanceof Class && slotTypes[k] != Object.class) {
                slotClasses[k] = Conversions.boxedTarget((Class<?>) slotTypes[k]);
            }
        }
        for (int k = 0; k < columnIndex.length; k++) {
            readers[k] = ColumnReaders.plan(codecs, columns.get(columnIndex[k]), slotTypes[k], slotOwners[k]);
        }
        if (recordConstructor != null) {
            this.recordConstructor = recordConstructor.asSpreader(Object[].class, columnIndex.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            this.rowReader = rowReader(recordConstructor);
        } else {
            this.recordConstructor = null;
            this.rowReader = null;
        }
    }

    private static final MethodHandle READ_LONG;
    private static final MethodHandle READ_INT;
    private static final MethodHandle READ_DOUBLE;
    private static final MethodHandle READ_BOOLEAN;
    private static final MethodHandle READ_OBJECT;
    private static final MethodHandle READ_NON_NULL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            MethodType t = MethodType.methodType(void.class, ResultSet.class, int.class, String.class);
            READ_LONG = l.findStatic(RowMapper.class, "readLong", t.changeReturnType(long.class));
            READ_INT = l.findStatic(RowMapper.class, "readInt", t.changeReturnType(int.class));
            READ_DOUBLE = l.findStatic(RowMapper.class, "readDouble", t.changeReturnType(double.class));
            READ_BOOLEAN = l.findStatic(RowMapper.class, "readBoolean", t.changeReturnType(boolean.class));
            READ_OBJECT = l.findStatic(RowMapper.class, "readObject", MethodType.methodType(Object.class,
                    ColumnReader.class, ResultSet.class, int.class));
            READ_NON_NULL = l.findStatic(RowMapper.class, "readNonNull", MethodType.methodType(Object.class,
                    ColumnReader.class, ResultSet.class, int.class, String.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Builds {@code (ResultSet) -> record}: each constructor argument is read by its own filter, primitive components
     * with the driver's primitive getters, so a row costs no argument array and no boxing.
     */
    private MethodHandle rowReader(MethodHandle constructor) {
        int n = columnIndex.length;
        MethodHandle[] filters = new MethodHandle[n];
        for (int k = 0; k < n; k++) {
            Class<?> t = constructor.type().parameterType(k);
            ColumnInfo column = columns.get(columnIndex[k]);
            String pg = column.pgType();
            int index = columnIndex[k] + 1;
            String nullMessage = nullIntoPrimitive(column, slotOwners[k], t);
            MethodHandle primitive = null;
            // The same column types as the boxed fast paths of ColumnReaders, read without boxing.
            if (t == long.class && ColumnReaders.readsAsLong(pg)) {
                primitive = READ_LONG;
            } else if (t == int.class && ColumnReaders.readsAsInt(pg)) {
                primitive = READ_INT;
            } else if (t == double.class && ColumnReaders.readsAsDouble(pg)) {
                primitive = READ_DOUBLE;
            } else if (t == boolean.class && ColumnReaders.readsAsBoolean(pg)) {
                primitive = READ_BOOLEAN;
            }
            if (primitive != null) {
                filters[k] = MethodHandles.insertArguments(primitive, 1, index, nullMessage);
            } else {
                MethodHandle generic = t.isPrimitive()
                        ? MethodHandles.insertArguments(READ_NON_NULL, 2, index, nullMessage)
                        : MethodHandles.insertArguments(READ_OBJECT, 2, index);
                filters[k] = generic.bindTo(readers[k]).asType(MethodType.methodType(t, ResultSet.class));
            }
        }
        MethodHandle everyArgument = MethodHandles.filterArguments(constructor, 0, filters);
        MethodHandle fromOneResultSet = MethodHandles.permuteArguments(everyArgument,
                MethodType.methodType(constructor.type().returnType(), ResultSet.class), new int[n]);
        return fromOneResultSet.asType(MethodType.methodType(Object.class, ResultSet.class));
    }

    private static String nullIntoPrimitive(ColumnInfo column, String owner, Type primitive) {
        return "Column '" + column.name() + "' is NULL, but " + owner + " is the primitive type "
                + primitive.getTypeName() + " which cannot hold NULL; use its boxed type";
    }

    private static long readLong(ResultSet rs, int index, String nullMessage) throws SQLException {
        long v = rs.getLong(index);
        if (v == 0 && rs.wasNull()) {
            throw new TypeMismatchException(nullMessage);
        }
        return v;
    }

    private static int readInt(ResultSet rs, int index, String nullMessage) throws SQLException {
        int v = rs.getInt(index);
        if (v == 0 && rs.wasNull()) {
            throw new TypeMismatchException(nullMessage);
        }
        return v;
    }

    private static double readDouble(ResultSet rs, int index, String nullMessage) throws SQLException {
        double v = rs.getDouble(index);
        if (v == 0 && rs.wasNull()) {
            throw new TypeMismatchException(nullMessage);
        }
        return v;
    }

    private static boolean readBoolean(ResultSet rs, int index, String nullMessage) throws SQLException {
        boolean v = rs.getBoolean(index);
        if (!v && rs.wasNull()) {
            throw new TypeMismatchException(nullMessage);
        }
        return v;
    }

    private static Object readObject(ColumnReader reader, ResultSet rs, int index) throws SQLException {
        return reader.read(rs, index);
    }

    private static Object readNonNull(ColumnReader reader, ResultSet rs, int index, String nullMessage)
            throws SQLException {
        Object v = reader.read(rs, index);
        if (v == null) {
            throw new TypeMismatchException(nullMessage);
        }
        return v;
    }

    /**
     * Returns the mapper for a result set's columns, from the cache when the same type and columns were seen before.
     *
     * @param type the target type
     * @param rs   the result set
     * @param <T>  the target type
     * @return the mapper
     * @throws SQLException if the metadata cannot be read
     */
    public static <T> RowMapper<T> forResultSet(Class<T> type, ResultSet rs) throws SQLException {
        return forColumns(type, columnsOf(rs.getMetaData()), CodecRegistry.BUILT_IN);
    }

    /**
     * Returns the mapper for a result set with a client's codecs.
     *
     * @param type   the target type
     * @param rs     the result set
     * @param codecs the registry
     * @param <T>    the target type
     * @return the mapper
     * @throws SQLException if the metadata cannot be read
     */
    public static <T> RowMapper<T> forResultSet(Class<T> type, ResultSet rs, CodecRegistry codecs)
            throws SQLException {
        return forColumns(type, columnsOf(rs.getMetaData()), codecs);
    }

    /**
     * Describes a result set's columns.
     *
     * @param md the metadata
     * @return the columns
     * @throws SQLException if the metadata cannot be read
     */
    public static List<ColumnInfo> columnsOf(ResultSetMetaData md) throws SQLException {
        int n = md.getColumnCount();
        List<ColumnInfo> cols = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            cols.add(new ColumnInfo(md.getColumnLabel(i), canonicalTypeName(md.getColumnTypeName(i))));
        }
        return cols;
    }

    private static String canonicalTypeName(String name) {
        // The driver reports serial columns by their declaration; they hold plain integers.
        switch (name) {
            case "serial": return "int4";
            case "bigserial": return "int8";
            case "smallserial": return "int2";
            default: return name;
        }
    }

    /**
     * Returns the mapper for a list of columns.
     *
     * @param type    the target type
     * @param columns the columns, in order
     * @param <T>     the target type
     * @return the mapper
     * @throws FieldMismatchException if a record component has no column
     * @throws TypeMismatchException  if a column cannot be read into its component, or a scalar target gets several
     *                                columns
     */
    @SuppressWarnings("unchecked")
    public static <T> RowMapper<T> forColumns(Class<T> type, List<ColumnInfo> columns) {
        return forColumns(type, columns, CodecRegistry.BUILT_IN);
    }

    /**
     * Returns the mapper for a list of columns, reading with a client's (or a listener's) codecs.
     *
     * @param type    the target type
     * @param columns the columns, in order
     * @param codecs  the registry
     * @param <T>     the target type
     * @return the mapper
     * @throws FieldMismatchException if a record component has no column
     * @throws TypeMismatchException  if a column cannot be read into its component, or a scalar target gets several
     *                                columns
     */
    @SuppressWarnings("unchecked")
    public static <T> RowMapper<T> forColumns(Class<T> type, List<ColumnInfo> columns, CodecRegistry codecs) {
        PlanKey key = new PlanKey(type, columns, codecs);
        RowMapper<?> cached = CACHE.get(key);
        if (cached != null) {
            return (RowMapper<T>) cached;
        }
        RowMapper<T> mapper = plan(type, List.copyOf(columns), codecs);
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(key, mapper);
        return mapper;
    }

    /**
     * Tells whether a type is read from a single column (a scalar) rather than from a whole row.
     *
     * @param c       the type
     * @param columns the columns of the row, or null when unknown
     * @return true for scalar types
     */
    public static boolean isScalar(Class<?> c, List<ColumnInfo> columns) {
        return isScalar(c, columns, CodecRegistry.BUILT_IN);
    }

    /**
     * Tells whether a type is read from a single column, with a client's codecs: a user codec's Java type is one
     * (but a {@code Map} stays a whole row).
     *
     * @param c       the type
     * @param columns the columns of the row, or null when unknown
     * @param codecs  the registry
     * @return true for scalar types
     */
    public static boolean isScalar(Class<?> c, List<ColumnInfo> columns, CodecRegistry codecs) {
        if (codecs.hasUserCodecs() && !Map.class.isAssignableFrom(c) && codecs.forClass(c) instanceof UserCodec) {
            return true;
        }
        if (c.isPrimitive() || c.isEnum() || c.isArray() || c == String.class || c == Object.class
                || Number.class.isAssignableFrom(c) || c == Boolean.class || c == Character.class
                || c == UUID.class || Temporal.class.isAssignableFrom(c) || c == Range.class
                || Collection.class.isAssignableFrom(c) || PgTypes.isValueType(c)
                || c == java.time.Duration.class || c == java.time.Period.class || c == java.util.Optional.class) {
            return true;
        }
        if (c.isRecord() && c.isAnnotationPresent(PgType.class)) {
            return columns == null || columns.size() == 1 && !PgTypes.isKnown(columns.get(0).pgType());
        }
        // A single json column read into a JsonNode or a user class (not a record, which maps the row).
        return columns != null && columns.size() == 1 && TextCodec.isJson(columns.get(0).pgType()) && !c.isRecord()
                && !Map.class.isAssignableFrom(c) && TextCodec.isJacksonTarget(c);
    }

    private static <T> RowMapper<T> plan(Class<T> type, List<ColumnInfo> columns, CodecRegistry codecs) {
        if (Map.class.isAssignableFrom(type)) {
            int n = columns.size();
            int[] idx = new int[n];
            Type[] types = new Type[n];
            String[] owners = new String[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
                types[i] = Object.class;
                owners[i] = "map entry '" + columns.get(i).name() + "'";
            }
            return new RowMapper<>(codecs, type, Kind.MAP, columns, idx, types, owners, null, null, null);
        }
        if (isScalar(type, columns, codecs)) {
            if (columns.size() != 1) {
                throw new TypeMismatchException("A " + type.getSimpleName() + " result needs exactly one column, "
                        + "but the query returned " + columns.size() + ": " + names(columns)
                        + ". Select one column, or read the row into a record or Map.");
            }
            return new RowMapper<>(codecs, type, Kind.SCALAR, columns, new int[] {0}, new Type[] {type},
                    new String[] {type.getSimpleName() + " result"}, null, null, null);
        }
        if (type.isRecord()) {
            return planRecord(type, columns, codecs);
        }
        return planBean(type, columns, codecs);
    }

    private static <T> RowMapper<T> planRecord(Class<T> type, List<ColumnInfo> columns, CodecRegistry codecs) {
        RecordComponent[] components = type.getRecordComponents();
        int[] idx = new int[components.length];
        Type[] types = new Type[components.length];
        String[] owners = new String[components.length];
        Class<?>[] raw = new Class<?>[components.length];
        for (int k = 0; k < components.length; k++) {
            RecordComponent rc = components[k];
            Column rename = rc.getAnnotation(Column.class);
            String wanted = rename != null ? rename.value() : rc.getName();
            int found = findColumn(columns, wanted, rename != null);
            if (found < 0) {
                throw new FieldMismatchException("Record component '" + rc.getName() + "' of " + type.getName()
                        + " has no matching column" + (rename != null ? " named '" + rename.value() + "'" : "")
                        + "; the result has columns " + names(columns)
                        + ". Rename the column in SQL, or annotate the component with @Column.");
            }
            idx[k] = found;
            types[k] = rc.getGenericType();
            owners[k] = "record component '" + rc.getName() + "' of " + type.getSimpleName();
            raw[k] = rc.getType();
        }
        if (type.isAnnotationPresent(io.pgconnector.mapping.StrictColumns.class)) {
            rejectExtraColumns(type, columns, idx);
        }
        MethodHandle mh;
        try {
            Constructor<T> ctor = type.getDeclaredConstructor(raw);
            ctor.setAccessible(true);
            mh = MethodHandles.lookup().unreflectConstructor(ctor);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ConversionException("Cannot use the canonical constructor of " + type.getName()
                    + " (if it is in a named module, open its package to io.pgconnector.client): " + e, e);
        }
        return new RowMapper<>(codecs, type, Kind.RECORD, columns, idx, types, owners, mh, null, null);
    }

    private static void rejectExtraColumns(Class<?> type, List<ColumnInfo> columns, int[] used) {
        boolean[] mapped = new boolean[columns.size()];
        for (int i : used) {
            mapped[i] = true;
        }
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < mapped.length; i++) {
            if (!mapped[i]) {
                extra.add(columns.get(i).name());
            }
        }
        if (!extra.isEmpty()) {
            throw new FieldMismatchException("The result has column(s) " + extra + " that " + type.getName()
                    + " (@StrictColumns) has no component for. Select only the record's columns, add components "
                    + "for them, or remove @StrictColumns.");
        }
    }

    private static <T> RowMapper<T> planBean(Class<T> type, List<ColumnInfo> columns, CodecRegistry codecs) {
        Constructor<?> ctor;
        try {
            ctor = type.getDeclaredConstructor();
            ctor.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new ConversionException("Cannot map rows to " + type.getName() + ": it is neither a record nor a "
                    + "class with a no-argument constructor", e);
        }
        Map<String, Field> fields = new LinkedHashMap<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
                    continue;
                }
                Column rename = f.getAnnotation(Column.class);
                fields.putIfAbsent(normalise(rename != null ? rename.value() : f.getName()), f);
            }
        }
        Map<String, Method> setterMethods = new LinkedHashMap<>();
        for (Method m : type.getMethods()) {
            if (m.getName().startsWith("set") && m.getName().length() > 3 && m.getParameterCount() == 1
                    && !Modifier.isStatic(m.getModifiers())) {
                Column rename = m.getAnnotation(Column.class);
                setterMethods.putIfAbsent(normalise(rename != null ? rename.value() : m.getName().substring(3)), m);
            }
        }
        int n = columns.size();
        int[] idx = new int[n];
        Type[] types = new Type[n];
        String[] owners = new String[n];
        Setter[] setters = new Setter[n];
        for (int i = 0; i < n; i++) {
            String key = normalise(columns.get(i).name());
            Method m = setterMethods.get(key);
            Field f = fields.get(key);
            idx[i] = i;
            if (m != null) {
                types[i] = m.getGenericParameterTypes()[0];
                owners[i] = "setter " + m.getName() + " of " + type.getSimpleName();
                setters[i] = m::invoke;
            } else if (f != null) {
                f.setAccessible(true);
                types[i] = f.getGenericType();
                owners[i] = "field '" + f.getName() + "' of " + type.getSimpleName();
                setters[i] = f::set;
            } else {
                throw new FieldMismatchException("Column '" + columns.get(i).name() + "' has no matching field or "
                        + "setter in " + type.getName() + ". Add one, rename the column in SQL, or use @Column.");
            }
        }
        return new RowMapper<>(codecs, type, Kind.BEAN, columns, idx, types, owners, null, ctor, setters);
    }

    static int findColumn(List<ColumnInfo> columns, String wanted, boolean exactName) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(wanted)) {
                return i;
            }
        }
        if (!exactName) {
            String key = normalise(wanted);
            for (int i = 0; i < columns.size(); i++) {
                if (normalise(columns.get(i).name()).equals(key)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static String normalise(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static String names(List<ColumnInfo> columns) {
        return columns.stream().map(ColumnInfo::name).collect(Collectors.joining(", ", "[", "]"));
    }

    /**
     * Returns the columns this mapper was planned for.
     *
     * @return the columns
     */
    public List<ColumnInfo> columns() {
        return columns;
    }

    /**
     * Tells which columns the mapped value reads: a record of three components planned for a table of twenty columns
     * reads three of them, and a caller that decodes values (a change event) can skip the others.
     *
     * @param column the column's index in {@link #columns()}
     * @return whether the column's value is read
     */
    public boolean reads(int column) {
        return reads[column];
    }

    /**
     * Maps the current row of a result set.
     *
     * @param rs the result set, positioned on a row
     * @return the mapped value
     * @throws SQLException if the driver fails
     */
    @SuppressWarnings("unchecked")
    public T read(ResultSet rs) throws SQLException {
        if (rowReader != null) {
            try {
                return (T) (Object) rowReader.invokeExact(rs);
            } catch (SQLException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new ConversionException("The constructor of " + type.getName() + " failed: " + e, e);
            }
        }
        Object[] values = new Object[readers.length];
        for (int k = 0; k < readers.length; k++) {
            values[k] = readers[k].read(rs, columnIndex[k] + 1);
        }
        return build(values);
    }

    /**
     * Maps a row given as values in Java form, one per column (as a change event delivers them).
     *
     * @param row the values, indexed like {@link #columns()}
     * @return the mapped value
     */
    public T fromValues(Object[] row) {
        Object[] values = new Object[columnIndex.length];
        for (int k = 0; k < columnIndex.length; k++) {
            int c = columnIndex[k];
            Object v = row[c];
            // Most values already have the slot's class (COPY and CDC decode into natural types): no conversion.
            values[k] = v == null || slotClasses[k] == null || !slotClasses[k].isInstance(v)
                    ? Conversions.convert(v, columns.get(c), slotTypes[k], codecs) : v;
        }
        return build(values);
    }

    /**
     * Maps a row as {@link #fromValues} does, but may convert the values in the array itself and pass it on as the
     * constructor's arguments instead of copying it: for a caller that made the array for this call alone (a
     * decoded change event). The mapper does not keep the array once this returns, so the caller may fill it again
     * for its next row (the CDC row decoder does: one array less per change).
     *
     * @param row the values, indexed like {@link #columns()}; its contents are not to be used by the caller
     *            afterwards
     * @return the mapped value
     */
    public T fromOwnedValues(Object[] row) {
        if (!everyColumnInOrder || row.length != columnIndex.length) {
            return fromValues(row);
        }
        for (int k = 0; k < row.length; k++) {
            Object v = row[k];
            if (v == null || slotClasses[k] == null || !slotClasses[k].isInstance(v)) {
                row[k] = Conversions.convert(v, columns.get(k), slotTypes[k], codecs);
            }
        }
        return build(row);
    }

    @SuppressWarnings("unchecked")
    private T build(Object[] values) {
        switch (kind) {
            case SCALAR:
                return (T) values[0];
            case MAP: {
                Map<String, Object> map = new LinkedHashMap<>(values.length * 2);
                for (int k = 0; k < values.length; k++) {
                    map.put(columns.get(k).name(), values[k]);
                }
                return (T) map;
            }
            case RECORD:
                checkPrimitives(values);
                try {
                    return (T) recordConstructor.invokeExact(values);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Throwable e) {
                    throw new ConversionException("The constructor of " + type.getName() + " failed: " + e, e);
                }
            default: {
                checkPrimitives(values);
                try {
                    Object bean = beanConstructor.newInstance();
                    for (int k = 0; k < values.length; k++) {
                        setters[k].set(bean, values[k]);
                    }
                    return (T) bean;
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw new ConversionException("Could not fill " + type.getName() + ": " + e.getCause(),
                            e.getCause());
                } catch (RuntimeException e) {
                    throw e;
                } catch (Throwable e) {
                    throw new ConversionException("Could not fill " + type.getName() + ": " + e, e);
                }
            }
        }
    }

    private void checkPrimitives(Object[] values) {
        for (int k : primitiveSlots) {
            if (values[k] == null) {
                ColumnInfo c = columns.get(columnIndex[k]);
                throw new TypeMismatchException(nullIntoPrimitive(c, slotOwners[k], slotTypes[k]));
            }
        }
    }
}
