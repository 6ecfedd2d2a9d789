package io.pgconnector.types;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.errors.UnsupportedTypeException;

/**
 * Reads and writes JSON text with Jackson, which is an optional dependency: this class is loaded only when a JSON
 * value is converted to or from a Java object, and says plainly when Jackson is missing.
 */
final class JacksonCodec {
    private static final Object MAPPER = createMapper();

    private JacksonCodec() {
    }

    private static Object createMapper() {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules();
        } catch (LinkageError e) {
            return null;
        }
    }

    private static com.fasterxml.jackson.databind.ObjectMapper mapper() {
        if (MAPPER == null) {
            throw new UnsupportedTypeException("Converting JSON to and from Java objects needs Jackson: add "
                    + "com.fasterxml.jackson.core:jackson-databind to the class path");
        }
        return (com.fasterxml.jackson.databind.ObjectMapper) MAPPER;
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return mapper().readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConversionException("Cannot read JSON into " + type.getName() + ": " + e.getOriginalMessage(), e);
        }
    }

    static String write(Object value) {
        try {
            return mapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConversionException("Cannot write " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Tells whether Jackson is on the class path.
     *
     * @return true if JSON values can be read into Java objects
     */
    static boolean available() {
        return MAPPER != null;
    }
}
