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
    TRUNCATE("t");

    private final String code;

    Operation(String code) {
        this.code = code;
    }

    /**
     * Returns Debezium's code for the operation ({@code c}, {@code u}, {@code d}, {@code r}, {@code t}).
     *
     * @return the code
     */
    public String code() {
        return code;
    }

    /**
     * Returns the operation for Debezium's code.
     *
     * @param code {@code c}, {@code u}, {@code d}, {@code r} or {@code t}
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
            default: throw new IllegalArgumentException("Unknown change operation code: " + code);
        }
    }
}
