package io.pgconnector.notify;

import io.pgconnector.client.PostgresClient;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;

/**
 * Where the public types of this package reach their implementations in {@code io.pgconnector.notify.internal}:
 * looked up by name once, so that no type of the API names an implementation class and the packages depend one way
 * (the implementation on the API, never the reverse). A renamed method fails the first listener or payload read,
 * with its name.
 */
final class Implementations {
    private static final String INTERNAL = "io.pgconnector.notify.internal.";

    private static final MethodHandle START_LISTENER = find("DefaultNotificationListener", "start",
            MethodType.methodType(NotificationListener.class, PostgresClient.Builder.class, int.class, Duration.class,
                    Duration.class, Duration.class, ReconnectHandler.class));
    private static final MethodHandle READ_PAYLOAD = find("Payloads", "read",
            MethodType.methodType(Object.class, Notification.class, Class.class));

    private Implementations() {
    }

    /** Connects and starts a listener ({@code DefaultNotificationListener.start}). */
    static NotificationListener startListener(PostgresClient.Builder settings, int capacity, Duration initialDelay,
            Duration maxDelay, Duration healthCheck, ReconnectHandler onReconnect) {
        try {
            return (NotificationListener) START_LISTENER.invokeExact(settings, capacity, initialDelay, maxDelay,
                    healthCheck, onReconnect);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** Reads a payload into a type ({@code Payloads.read}). */
    @SuppressWarnings("unchecked")
    static <T> T readPayload(Notification n, Class<T> type) {
        try {
            return (T) (Object) READ_PAYLOAD.invokeExact(n, (Class<?>) type);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    private static MethodHandle find(String type, String method, MethodType signature) {
        try {
            Class<?> owner = Class.forName(INTERNAL + type, false, Implementations.class.getClassLoader());
            return MethodHandles.lookup().findStatic(owner, method, signature);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The notification listener's implementation " + INTERNAL + type + "."
                    + method + signature + " is missing", e);
        }
    }

    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new UndeclaredThrowableException(t);
    }
}
