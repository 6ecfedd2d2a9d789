package io.pgconnector.cdc.internal;

import io.pgconnector.codec.Codec;
import io.pgconnector.mapping.internal.CodecRegistry;

import java.util.Collection;
import java.util.List;

/**
 * The client's checks of user codecs, for CDC consumers in modules that do not see the client's internals (the
 * Kafka source): the same rules and messages as the client and the listener.
 */
public final class CodecChecks {
    private CodecChecks() {
    }

    /**
     * Checks one codec.
     *
     * @param codec the codec
     * @return it
     * @throws io.pgconnector.errors.ConfigurationException if it has no type name or Java class
     */
    public static Codec<?> check(Codec<?> codec) {
        return CodecRegistry.check(codec);
    }

    /**
     * Checks the codecs of one registration call.
     *
     * @param codecs the codecs
     * @return them, as an immutable list
     * @throws io.pgconnector.errors.ConfigurationException if one is not valid or two are for one Java class; the
     *                                                       message names both
     */
    public static List<Codec<?>> checkSet(Collection<? extends Codec<?>> codecs) {
        return CodecRegistry.checkSet(codecs);
    }
}
