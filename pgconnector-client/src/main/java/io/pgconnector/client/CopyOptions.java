package io.pgconnector.client;

import io.pgconnector.errors.ConfigurationException;
import io.pgconnector.errors.CopyException;

import java.util.Objects;

/**
 * How {@code copyIn} and {@code copyOut} run a {@code COPY}. Immutable; build with {@link #builder()}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>Setting</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>format</td><td>{@link Format#AUTO}</td><td>binary when every column's type has a binary codec, else
 *   text for the whole COPY</td></tr>
 *   <tr><td>onError</td><td>{@link OnError#STOP}</td><td>a bad row stops the COPY and nothing is kept;
 *   {@link OnError#IGNORE} (PostgreSQL 17+, text format) skips rows with values their column cannot take</td></tr>
 * </table>
 */
public final class CopyOptions {
    private static final CopyOptions DEFAULTS = builder().build();

    /** The data format of a COPY. */
    public enum Format {
        /** Binary when every column's type has a binary codec, else text for the whole statement. */
        AUTO,
        /** PostgreSQL's binary COPY format; refused when a column's type has no binary codec. */
        BINARY,
        /** PostgreSQL's text COPY format: the server parses each value as it would a literal. */
        TEXT
    }

    /** What a COPY does with a row whose value its column cannot take. */
    public enum OnError {
        /** Stop: the COPY fails with a {@link CopyException} naming the row and column, and nothing is kept. */
        STOP,
        /**
         * Skip such rows and keep the rest ({@code ON_ERROR ignore}, PostgreSQL 17 or newer, text format). Only
         * values the server cannot parse for their column are skipped; a constraint violation still stops the COPY.
         */
        IGNORE
    }

    private final Format format;
    private final OnError onError;

    private CopyOptions(Builder b) {
        this.format = b.format;
        this.onError = b.onError;
    }

    /**
     * Returns the default options: automatic format, stop on error.
     *
     * @return the defaults
     */
    public static CopyOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a builder with the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the format.
     *
     * @return the format
     */
    public Format format() {
        return format;
    }

    /**
     * Returns what a bad row does.
     *
     * @return the error mode
     */
    public OnError onError() {
        return onError;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CopyOptions && ((CopyOptions) o).format == format && ((CopyOptions) o).onError == onError;
    }

    @Override
    public int hashCode() {
        return Objects.hash(format, onError);
    }

    @Override
    public String toString() {
        return "CopyOptions[format=" + format + ", onError=" + onError + "]";
    }

    /** Builds {@link CopyOptions}. */
    public static final class Builder {
        private Format format = Format.AUTO;
        private OnError onError = OnError.STOP;

        private Builder() {
        }

        /**
         * Sets the format.
         *
         * @param format the format
         * @return this builder
         */
        public Builder format(Format format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * Sets what a row with a value its column cannot take does.
         *
         * @param onError the error mode
         * @return this builder
         */
        public Builder onError(OnError onError) {
            this.onError = Objects.requireNonNull(onError, "onError");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         * @throws ConfigurationException if {@link OnError#IGNORE} is combined with {@link Format#BINARY}, which the
         *                                server does not support
         */
        public CopyOptions build() {
            if (onError == OnError.IGNORE && format == Format.BINARY) {
                throw new ConfigurationException("onError IGNORE works only with the text format (PostgreSQL's "
                        + "ON_ERROR is not available for binary COPY); use Format.AUTO or Format.TEXT");
            }
            return new CopyOptions(this);
        }
    }
}
