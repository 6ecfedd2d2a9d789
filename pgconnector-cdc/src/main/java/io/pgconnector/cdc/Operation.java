package io.pgconnector.cdc;

/** The kind of a change event. */
public enum Operation {
    /** A row read by the initial snapshot ({@link CdcService#onRead}). */
    READ("r"),
    /** An inserted row ({@link CdcService#onCreate}). */
    CREATE("c"),
    /** An updated row ({@link CdcService#onUpdate}). */
    UPDATE("u"),
    /** A deleted row ({@link CdcService#onDelete}). */
    DELETE("d"),
    /** A truncated table ({@link CdcService#onTruncate}). */
    TRUNCATE("t"),
    /** A logical decoding message written with {@code pg_logical_emit_message} ({@link MessageService#onMessage}). */
    MESSAGE("m");

    private final String code;

    Operation(String code) {
        this.code = code;
    }

    /**
     * Returns Debezium's code for the operation ({@code c}, {@code u}, {@code d}, {@code r}, {@code t}, {@code m}).
     *
     * @return the code
     */
    public String code() {
        return code;
    }

    /**
     * Returns the operation for Debezium's code.
     *
     * @param code {@code c}, {@code u}, {@code d}, {@code r}, {@code t} or {@code m}
     * @return the operation
     * @throws IllegalArgumentException for another code
     */
    public static Operation ofCode(String code) {
        // Called once per change: a switch, not a loop over values() (which copies the array each time).
        switch (code == null ? "" : code) {
            case "r": return READ;
            case "c": return CREATE;
            case "u": return UPDATE;
            case "d": return DELETE;
            case "t": return TRUNCATE;
            case "m": return MESSAGE;
            default: throw new IllegalArgumentException("Unknown change operation code: " + code);
        }
    }
}
