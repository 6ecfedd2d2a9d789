package io.pgconnector.client.internal.tls;

import io.pgconnector.errors.ConfigurationException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads certificates, PKCS#8 keys (PEM or DER, encrypted or not) and PKCS#12 key stores with the JDK alone.
 * pgjdbc cannot read an encrypted PEM key; decrypting here keeps the key in memory only (no decrypted copy on disk)
 * and lets a wrong password fail with a message naming the file. Every failure is a {@link ConfigurationException}
 * that names the file and never the password.
 */
final class KeyFiles {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA"};

    private KeyFiles() {
    }

    /**
     * Reads one or more X.509 certificates from a PEM (or DER) file.
     *
     * @param file the file
     * @param what what the file is, for messages ("root certificate")
     * @return the certificates, at least one
     */
    static List<X509Certificate> certificates(Path file, String what) {
        byte[] bytes = read(file, what);
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            Collection<? extends java.security.cert.Certificate> certs =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> out = new ArrayList<>();
            for (java.security.cert.Certificate c : certs) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new ConfigurationException("The " + what + " file " + file + " holds no certificate; expected "
                        + "a PEM file with -----BEGIN CERTIFICATE-----");
            }
            return out;
        } catch (CertificateException | IOException e) {
            throw new ConfigurationException("The " + what + " file " + file + " is not a PEM or DER X.509 "
                    + "certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a PKCS#8 private key: PEM {@code BEGIN PRIVATE KEY}, PEM {@code BEGIN ENCRYPTED PRIVATE KEY} (needs the
     * password), or the same structures as DER.
     *
     * @param file     the key file
     * @param password the password, or null
     * @param hint     the expected algorithm (the certificate's public key algorithm), or null
     * @return the key
     */
    static PrivateKey privateKey(Path file, String password, String hint) {
        byte[] bytes = read(file, "client key");
        String text = new String(bytes, StandardCharsets.US_ASCII);
        byte[] der = bytes;
        boolean encrypted;
        Matcher m = PEM.matcher(text);
        if (m.find()) {
            String type = m.group(1);
            if (type.equals("ENCRYPTED PRIVATE KEY")) {
                encrypted = true;
            } else if (type.equals("PRIVATE KEY")) {
                encrypted = false;
            } else if (type.endsWith(" PRIVATE KEY")) {
                throw new ConfigurationException("The client key file " + file + " is in the traditional OpenSSL "
                        + "format (-----BEGIN " + type + "-----); convert it to PKCS#8 with "
                        + "'openssl pkcs8 -topk8 -in " + file.getFileName() + " -out client.pk8.pem' (add -nocrypt "
                        + "for an unencrypted key)");
            } else {
                throw new ConfigurationException("The client key file " + file + " holds a " + type + ", not a "
                        + "private key; expected -----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY-----");
            }
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("The client key file " + file + " has malformed PEM content", e);
            }
        } else {
            encrypted = looksEncrypted(der);
        }
        byte[] pkcs8 = encrypted ? decrypt(file, der, password) : der;
        return keyOf(file, pkcs8, hint);
    }

    /**
     * Loads a PKCS#12 key store.
     *
     * @param file     the {@code .p12}/{@code .pfx} file
     * @param password the password, or null for none
     * @return the loaded store
     */
    static KeyStore keyStore(Path file, String password) {
        byte[] bytes = read(file, "client key store");
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), chars(password));
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage())
                    .contains("password")) {
                throw new ConfigurationException("Cannot open the client key store " + file + ": "
                        + (password == null ? "it needs a password and none was given"
                        : "the key store password is wrong"), e);
            }
            throw new ConfigurationException("Cannot read the client key store " + file + " as PKCS#12: "
                    + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("Cannot read the client key store " + file + " as PKCS#12: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Checks that a key belongs to a certificate, so a mismatched pair fails at configuration time with a clear
     * message rather than as an obscure handshake failure.
     *
     * @param key      the private key
     * @param cert     the certificate
     * @param keyFile  the key file, for messages
     * @param certFile the certificate file, for messages
     */
    static void checkPair(PrivateKey key, X509Certificate cert, Path keyFile, Path certFile) {
        PublicKey pub = cert.getPublicKey();
        boolean matches;
        if (key instanceof RSAKey && pub instanceof RSAKey) {
            matches = ((RSAKey) key).getModulus().equals(((RSAKey) pub).getModulus());
        } else {
            String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA"
                    : key.getAlgorithm().equals("DSA") ? "SHA256withDSA" : key.getAlgorithm();
            try {
                byte[] probe = "pgconnector key check".getBytes(StandardCharsets.US_ASCII);
                Signature s = Signature.getInstance(alg);
                s.initSign(key);
                s.update(probe);
                byte[] sig = s.sign();
                Signature v = Signature.getInstance(alg);
                v.initVerify(pub);
                v.update(probe);
                matches = v.verify(sig);
            } catch (GeneralSecurityException e) {
                return; // an algorithm we cannot probe: the handshake will tell
            }
        }
        if (!matches) {
            throw new ConfigurationException("The client key " + keyFile + " does not belong to the client "
                    + "certificate " + certFile);
        }
    }

    /**
     * Lists the aliases of a key store's private-key entries.
     *
     * @param store the store
     * @return the aliases in store order
     */
    static Set<String> keyAliases(KeyStore store) {
        Set<String> out = new LinkedHashSet<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    out.add(alias);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static char[] chars(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }

    private static byte[] decrypt(Path file, byte[] der, String password) {
        if (password == null) {
            throw new ConfigurationException("The client key " + file + " is encrypted; give its password "
                    + "(TlsOptions.Builder.clientCertificate(certificate, key, password) or sslpassword)");
        }
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (IOException e) {
            throw new ConfigurationException("The client key file " + file + " is not an encrypted PKCS#8 key", e);
        }
        AlgorithmParameters params = info.getAlgParameters();
        // For PBES2 the JDK names the real scheme only in the parameters ("PBEWithHmacSHA256AndAES_256").
        String alg = params != null && (info.getAlgName().equals("PBES2")
                || info.getAlgName().equals("1.2.840.113549.1.5.13")) ? params.toString() : info.getAlgName();
        Cipher cipher;
        Key secret;
        try {
            secret = SecretKeyFactory.getInstance(alg).generateSecret(new PBEKeySpec(password.toCharArray()));
            cipher = Cipher.getInstance(alg);
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("The client key " + file + " is encrypted with " + info.getAlgName()
                    + ", which this JVM cannot decrypt; re-encrypt it with 'openssl pkcs8 -topk8 -v2 aes-256-cbc'",
                    e);
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, secret, params);
            return info.getKeySpec(cipher).getEncoded();
        } catch (GeneralSecurityException e) {
            // A wrong password gives bad padding or bytes that are not PKCS#8; neither message names the password.
            throw new ConfigurationException("Cannot decrypt the client key " + file + ": the key password is wrong");
        }
    }

    private static PrivateKey keyOf(Path file, byte[] pkcs8, String hint) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        List<String> algorithms = new ArrayList<>();
        if (hint != null) {
            algorithms.add(hint);
        }
        algorithms.addAll(List.of(KEY_ALGORITHMS));
        for (String alg : algorithms) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException | RuntimeException e) {
                // try the next algorithm
            }
        }
        throw new ConfigurationException("The client key file " + file + " is not a PKCS#8 private key (PEM "
                + "-----BEGIN PRIVATE KEY----- or DER .pk8) of a supported algorithm (RSA, EC, EdDSA, DSA)");
    }

    /** Tells an EncryptedPrivateKeyInfo from a PrivateKeyInfo in DER: the latter starts with INTEGER version. */
    private static boolean looksEncrypted(byte[] der) {
        int i = 1;
        if (der.length < 4 || der[0] != 0x30) {
            return false;
        }
        int len = der[i++] & 0xff;
        if (len > 0x80) {
            i += len - 0x80;
        }
        return i < der.length && der[i] == 0x30;
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("The " + what + " file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new ConfigurationException("The " + what + " file " + file + " cannot be read: " + e, e);
        }
    }
}
