package io.pgconnector.client.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.IdentityHashMap;
import java.util.Map;

/** Asserts that no secret shows up in an exception's messages (the whole cause chain) or in a description. */
final class Secrets {
    private Secrets() {
    }

    static void assertNotShown(Throwable e, String... secrets) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            for (String secret : secrets) {
                assertThat(String.valueOf(t.getMessage())).as("message of %s", t.getClass()).doesNotContain(secret);
                assertThat(t.toString()).doesNotContain(secret);
            }
        }
    }

    static void assertNotShown(Object described, String... secrets) {
        for (String secret : secrets) {
            assertThat(described.toString()).doesNotContain(secret);
        }
    }
}
