package io.pgconnector.spring.boot;

import java.lang.reflect.Method;

/**
 * What differs between Spring Boot 3.5 and 4.0 for these tests (the same sources run on both): where an
 * auto-configuration class lives, and how a health indicator's status is read.
 */
public final class BootLine {
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

    static Class<?> liquibase() {
        return autoConfiguration("org.springframework.boot.autoconfigure.liquibase.LiquibaseAutoConfiguration",
                "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration");
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

    /** Waits up to a minute for a condition, polling. */
    public static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after 60 s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Returns the count of a counter, 0 while it does not exist. */
    public static double count(io.micrometer.core.instrument.MeterRegistry meters, String name) {
        io.micrometer.core.instrument.Counter c = meters.find(name).counter();
        return c == null ? 0 : c.count();
    }
}
