package io.pgconnector.compat;

/** The PostgreSQL major this test run is for (the surefire execution sets it with the binaries it puts in place). */
final class ServerMajor {
    /** Server settings of every test class (one shared server): decoding spills large transactions to disk early. */
    static final String SETTINGS = "logical_decoding_work_mem=64kB";

    private ServerMajor() {
    }

    /** @return the major, e.g. 14 */
    static int expected() {
        String v = System.getProperty("compat.expected.major");
        if (v == null) {
            throw new IllegalStateException("compat.expected.major is not set: run these tests through Maven "
                    + "(pgconnector-compat-tests/pom.xml sets it per execution)");
        }
        return Integer.parseInt(v);
    }
}
