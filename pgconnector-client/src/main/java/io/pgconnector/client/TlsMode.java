package io.pgconnector.client;

import io.pgconnector.errors.ConfigurationException;

import java.util.Locale;

/**
 * How a connection uses TLS, with libpq's meaning ({@code sslmode}). Only {@link #VERIFY_CA} and
 * {@link #VERIFY_FULL} protect against a man in the middle; only {@link #VERIFY_FULL} also checks that the server's
 * certificate names the host you connected to.
 */
public enum TlsMode {
    /** Never use TLS. */
    DISABLE("disable"),
    /** Try a plain connection first; use TLS only if the server demands it. No certificate check. */
    ALLOW("allow"),
    /** Try TLS first; fall back to plain if the server does not offer it. No certificate check. The default. */
    PREFER("prefer"),
    /** Always encrypt; do not check the certificate (protects against eavesdropping, not impersonation). */
    REQUIRE("require"),
    /** Always encrypt and check that the server's certificate chains to the root certificate. */
    VERIFY_CA("verify-ca"),
    /** As {@link #VERIFY_CA}, and check that the certificate names the host connected to. */
    VERIFY_FULL("verify-full");

    private final String libpqName;

    TlsMode(String libpqName) {
        this.libpqName = libpqName;
    }

    /**
     * Returns the libpq name of the mode ({@code verify-full}).
     *
     * @return the {@code sslmode} value
     */
    public String libpqName() {
        return libpqName;
    }

    /**
     * Reads a libpq {@code sslmode} value ({@code verify-full}) or an enum name ({@code VERIFY_FULL}).
     *
     * @param name the mode
     * @return the mode
     * @throws ConfigurationException if the name is not a mode
     */
    public static TlsMode parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (TlsMode m : values()) {
            if (m.libpqName.equals(n)) {
                return m;
            }
        }
        throw new ConfigurationException("Unknown sslmode '" + name + "'; expected one of disable, allow, prefer, "
                + "require, verify-ca, verify-full");
    }

    /**
     * Tells whether the mode checks the server's certificate.
     *
     * @return true for VERIFY_CA and VERIFY_FULL
     */
    public boolean verifiesCertificate() {
        return this == VERIFY_CA || this == VERIFY_FULL;
    }
}
