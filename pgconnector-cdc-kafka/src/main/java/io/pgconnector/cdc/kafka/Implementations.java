package io.pgconnector.cdc.kafka;

import io.pgconnector.cdc.EventErrorMode;
import io.pgconnector.cdc.Operation;
import io.pgconnector.cdc.RetryPolicy;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where {@link KafkaCdcSource} reaches its implementation in {@code io.pgconnector.cdc.kafka.internal}: looked up by
 * name once, so that the API names no implementation class and the packages depend one way (the implementation on
 * the API). A renamed constructor fails the first source that is built, with its name.
 */
final class Implementations {
    private static final String SOURCE = "io.pgconnector.cdc.kafka.internal.DefaultKafkaCdcSource";
    private static final MethodHandle NEW_SOURCE = sourceConstructor();

    private Implementations() {
    }

    /** {@code new DefaultKafkaCdcSource(new Settings(...))} for checked settings. */
    static KafkaCdcSource newSource(String bootstrapServers, String groupId, String topicPrefix, RetryPolicy retryPolicy,
            EventErrorMode errorMode, Set<Operation> skippedOperations, String deadLetterTopic, Duration startTimeout,
            Duration stopTimeout, int maxPollRecords, Map<String, String> clientProperties, List<?> codecs) {
        try {
            return (KafkaCdcSource) NEW_SOURCE.invokeExact(bootstrapServers, groupId, topicPrefix, retryPolicy,
                    errorMode, skippedOperations, deadLetterTopic, startTimeout, stopTimeout, maxPollRecords,
                    clientProperties, codecs);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        }
    }

    private static MethodHandle sourceConstructor() {
        try {
            ClassLoader loader = Implementations.class.getClassLoader();
            Class<?> source = Class.forName(SOURCE, false, loader);
            Class<?> settings = Class.forName(SOURCE + "$Settings", false, loader);
            MethodType fields = MethodType.methodType(void.class, String.class, String.class, String.class,
                    RetryPolicy.class, EventErrorMode.class, Set.class, String.class, Duration.class, Duration.class,
                    int.class, Map.class, List.class);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            return MethodHandles.filterReturnValue(lookup.findConstructor(settings, fields),
                            lookup.findConstructor(source, MethodType.methodType(void.class, settings)))
                    .asType(fields.changeReturnType(KafkaCdcSource.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The Kafka source's implementation " + SOURCE + "(Settings) is missing",
                    e);
        }
    }
}
