package io.pgconnector.spring.boot;

import java.lang.reflect.Method;

/**
 * What differs between Spring Boot 3.5 and 4.0 for these tests (the same sources run on both): where an
 * auto-configuration class lives, and how a health indicator's status is read.
 */
final class BootLine {
    private BootLine() {
    }

    /** Returns the first of the named classes that exists on this Boot line. */
    static Class<?> autoConfiguration(String... names) {
        for (String name : names) {
            try {
                return Class.forName(name);
            } catch (ClassNotFoundException e) {
                // the other line's name
            }
        }
        throw new AssertionError("None of " + String.join(", ", names) + " is on the class path");
    }

    static Class<?> flyway() {
        return autoConfiguration("org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
                "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");
    }

    /** Reads {@code indicator.health().getStatus().getCode()}, whichever line's HealthIndicator it is. */
    static String healthStatus(Object indicator) {
        try {
            Method health = indicator.getClass().getMethod("health");
            health.setAccessible(true);
            Object h = health.invoke(indicator);
            Object status = h.getClass().getMethod("getStatus").invoke(h);
            return (String) status.getClass().getMethod("getCode").invoke(status);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
