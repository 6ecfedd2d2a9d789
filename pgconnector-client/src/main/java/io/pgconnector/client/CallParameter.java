package io.pgconnector.client;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.errors.ParameterNotReadyException;
import io.pgconnector.errors.TypeMismatchException;
import io.pgconnector.errors.UnsupportedTypeException;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * A placeholder value of a {@link SqlOperations#call(Sql) call} that receives a value from the server: an
 * {@link OutParameter} or an {@link InOutParameter}. Pass it among the values of the {@link Sql}, at the position of
 * the routine's OUT or INOUT argument, and read it with {@link #get()} once {@code call} has returned.
 *
 * <h2>Thread safety</h2>
 * A parameter is a small mutable holder that belongs to one call at a time. Create a new one for each call (they are
 * cheap); a parameter reused in a later call is reset when that call starts. The value written by a call is safely
 * visible to other threads once {@code call} has returned.
 *
 * @param <T> the Java type the value is read into
 */
public abstract sealed class CallParameter<T> permits OutParameter, InOutParameter {
    private enum State { PENDING, SET, NO_VALUE, FAILED }

    private final Type type;
    private Object value;
    private RuntimeException failure;
    private String reason;
    private volatile State state = State.PENDING;

    CallParameter(Type type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * Returns the Java type the value is read into.
     *
     * @return the type, such as {@code Integer}, {@code List<String>} or {@code Range<LocalDate>}
     */
    public Type type() {
        return type;
    }

    /**
     * Tells whether the call that used this parameter has completed and given it a value (possibly {@code null} for
     * SQL NULL), so that {@link #get()} returns instead of throwing {@link ParameterNotReadyException}.
     *
     * @return {@code true} once the value can be read
     */
    public boolean isComplete() {
        State s = state;
        return s == State.SET || s == State.FAILED;
    }

    /**
     * Returns the value the server gave this parameter, read into {@link #type()}.
     *
     * <pre>{@code
     * OutParameter<Integer> total = OutParameter.of(Integer.class);
     * try (ProcedureCallResult r = client.call(Sql.of("CALL order_total(?, ?)", orderId, total))) {
     *     System.out.println(total.get());
     * }
     * }</pre>
     *
     * @return the value; {@code null} for SQL NULL
     * @throws ParameterNotReadyException if no call has completed with this parameter yet, or the call returned no
     *                                    value at its position
     * @throws TypeMismatchException      if the SQL type of the value cannot be read into {@link #type()}
     * @throws ConversionException        if the value does not fit {@link #type()} (out of range, invalid text)
     */
    @SuppressWarnings("unchecked")
    public T get() {
        switch (state) {
            case SET:
                return (T) value;
            case FAILED:
                throw rethrow(failure);
            case NO_VALUE:
                throw new ParameterNotReadyException("The call returned no value for this " + kind() + " parameter: "
                        + reason);
            default:
                throw new ParameterNotReadyException("This " + kind() + " parameter has no value yet: pass it in the "
                        + "Sql of client.call(...) and read it after the call has returned");
        }
    }

    abstract String kind();

    private static RuntimeException rethrow(RuntimeException e) {
        // A new exception, so that the stack trace shows where the value was read; the original is the cause.
        if (e instanceof TypeMismatchException) {
            return new TypeMismatchException(e.getMessage(), e);
        }
        if (e instanceof ConversionException) {
            return new ConversionException(e.getMessage(), e);
        }
        if (e instanceof UnsupportedTypeException) {
            return new UnsupportedTypeException(e.getMessage());
        }
        return e;
    }

    // The four state changes below are made by the call machinery (io.pgconnector.client.internal.CallParameters,
    // through a private method-handle lookup), never by users: they are not API.

    private void reset() {
        value = null;
        failure = null;
        reason = null;
        state = State.PENDING;
    }

    private void complete(Object v) {
        value = v;
        state = State.SET;
    }

    private void noValue(String why) {
        reason = why;
        state = State.NO_VALUE;
    }

    private void fail(RuntimeException e) {
        failure = e;
        state = State.FAILED;
    }

    String describeState() {
        switch (state) {
            case SET:
                return "complete";
            case FAILED:
                return "failed";
            case NO_VALUE:
                return "no value";
            default:
                return "pending";
        }
    }
}
