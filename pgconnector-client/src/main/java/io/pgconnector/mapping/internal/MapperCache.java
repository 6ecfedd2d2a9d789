package io.pgconnector.mapping.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the row mapper of each statement text and target type, so that a statement run again (the common case)
 * skips describing its columns: the cached plan is reused while the result still has the same {@link ResultShape}
 * (column labels and type OIDs), and re-planned when it changes (after an {@code ALTER TABLE}, say).
 */
public final class MapperCache {
    private static final int LIMIT = 4096;
    private static final Map<Key, Entry> BY_TEXT = new ConcurrentHashMap<>();

    /**
     * A cache key, looked up on every query: the hash is computed once and equality compares references first (the
     * same statement text and class objects come back call after call), which a record's generated methods do not.
     */
    private static final class Key {
        private final Class<?> type;
        private final String sql;
        private final CodecRegistry codecs;
        private final int hash;

        Key(Class<?> type, String sql, CodecRegistry codecs) {
            this.type = type;
            this.sql = sql;
            this.codecs = codecs;
            this.hash = (31 * System.identityHashCode(type) + sql.hashCode()) * 31 + System.identityHashCode(codecs);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return hash == k.hash && type == k.type && codecs == k.codecs && (sql == k.sql || sql.equals(k.sql));
        }
    }

    private record Entry(RowMapper<?> mapper, ResultShape shape) {
    }

    private MapperCache() {
    }

    /**
     * Returns the mapper for a result of the given statement.
     *
     * @param type the target type
     * @param rs   the result set
     * @param sql  the statement text that produced it
     * @param <T>  the target type
     * @return the mapper
     * @throws SQLException if the metadata cannot be read
     */
    @SuppressWarnings("unchecked")
    public static <T> RowMapper<T> forResultSet(Class<T> type, ResultSet rs, String sql) throws SQLException {
        return forResultSet(type, rs, sql, CodecRegistry.BUILT_IN);
    }

    /**
     * Returns the mapper for a result of the given statement, reading with a client's codecs.
     *
     * @param type   the target type
     * @param rs     the result set
     * @param sql    the statement text that produced it
     * @param codecs the registry
     * @param <T>    the target type
     * @return the mapper
     * @throws SQLException if the metadata cannot be read
     */
    @SuppressWarnings("unchecked")
    public static <T> RowMapper<T> forResultSet(Class<T> type, ResultSet rs, String sql, CodecRegistry codecs)
            throws SQLException {
        Key key = new Key(type, sql, codecs);
        Entry cached = BY_TEXT.get(key);
        if (cached != null && cached.shape().matches(rs)) {
            return (RowMapper<T>) cached.mapper();
        }
        ResultShape shape = ResultShape.of(rs);
        RowMapper<T> mapper = RowMapper.forColumns(type, RowMapper.columnsOf(rs.getMetaData()), codecs);
        if (BY_TEXT.size() >= LIMIT) {
            BY_TEXT.clear();
        }
        BY_TEXT.put(key, new Entry(mapper, shape));
        return mapper;
    }
}
