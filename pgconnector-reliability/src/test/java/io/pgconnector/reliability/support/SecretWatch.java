package io.pgconnector.reliability.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Installs {@link LogCapture} before a test class and fails the class afterwards if any log line contained
 * {@link Secrets#PASSWORD}. Put on every class whose tests make the client fail.
 */
public final class SecretWatch implements BeforeAllCallback, AfterAllCallback {

    /** Used by JUnit. */
    public SecretWatch() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        LogCapture.install();
        LogCapture.watch(Secrets.PASSWORD);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Secrets.assertNotLogged();
    }
}
