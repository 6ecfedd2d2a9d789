package io.pgconnector.embedded.internal;

import io.pgconnector.embedded.EmbeddedPostgresException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test certificates and keys, generated once per JVM with BouncyCastle: a CA, a server certificate
 * for DNS name {@code localhost} only, a client certificate with CN {@code postgres} and an
 * unrelated second CA. All content is PEM unless noted.
 *
 * @param caCert the CA certificate (PEM)
 * @param serverCert the server certificate (PEM)
 * @param serverKey the server key (unencrypted PKCS#8 PEM)
 * @param clientCert the client certificate (PEM)
 * @param clientKey the client key (unencrypted PKCS#8 PEM)
 * @param clientKeyEncrypted the client key (encrypted PKCS#8 PEM)
 * @param clientKeyStore the client certificate and key as PKCS#12
 * @param otherCaCert an unrelated CA certificate (PEM)
 */
public record TlsMaterial(byte[] caCert, byte[] serverCert, byte[] serverKey, byte[] clientCert, byte[] clientKey,
                          byte[] clientKeyEncrypted, byte[] clientKeyStore, byte[] otherCaCert) {

    /** Password of the encrypted client key and of the PKCS#12 key store (a test fixture). */
    public static final String CLIENT_PASSWORD = "clientpass";

    private static final String SIGNATURE = "SHA256withRSA";
    private static volatile TlsMaterial instance;

    /**
     * The material for this JVM, generated on first use.
     *
     * @return the material
     */
    public static TlsMaterial get() {
        TlsMaterial result = instance;
        if (result == null) {
            synchronized (TlsMaterial.class) {
                if (instance == null) {
                    instance = generate();
                }
                result = instance;
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return "TlsMaterial[...]";
    }

    private static TlsMaterial generate() {
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
            kpg.initialize(2048, random);
            KeyPair caKeys = kpg.generateKeyPair();
            KeyPair serverKeys = kpg.generateKeyPair();
            KeyPair clientKeys = kpg.generateKeyPair();
            KeyPair otherKeys = kpg.generateKeyPair();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();

            X500Name caName = new X500Name("CN=pgconnector-embedded test CA,O=pgconnector");
            X509Certificate ca = caCertificate(caName, caKeys, ext, random);
            X509Certificate other = caCertificate(new X500Name("CN=pgconnector-embedded other CA,O=elsewhere"),
                    otherKeys, ext, random);

            X509v3CertificateBuilder server = builder(ca, new X500Name("CN=localhost,O=pgconnector"), serverKeys,
                    random);
            server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            server.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            server.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            server.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
            server.addExtension(Extension.subjectKeyIdentifier, false,
                    ext.createSubjectKeyIdentifier(serverKeys.getPublic()));
            server.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            X509Certificate serverCert = sign(server, caKeys.getPrivate());

            X509v3CertificateBuilder client = builder(ca, new X500Name("CN=postgres,O=pgconnector"), clientKeys, random);
            client.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            client.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            client.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            client.addExtension(Extension.subjectKeyIdentifier, false,
                    ext.createSubjectKeyIdentifier(clientKeys.getPublic()));
            client.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            X509Certificate clientCert = sign(client, caKeys.getPrivate());

            return new TlsMaterial(pem("CERTIFICATE", ca.getEncoded()), pem("CERTIFICATE", serverCert.getEncoded()),
                    pem("PRIVATE KEY", serverKeys.getPrivate().getEncoded()),
                    pem("CERTIFICATE", clientCert.getEncoded()),
                    pem("PRIVATE KEY", clientKeys.getPrivate().getEncoded()),
                    encryptedPem(clientKeys.getPrivate(), random),
                    pkcs12(clientKeys.getPrivate(), clientCert, ca),
                    pem("CERTIFICATE", other.getEncoded()));
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorException e) {
            throw new EmbeddedPostgresException("Could not generate the TLS certificates: " + e, e);
        }
    }

    private static X509Certificate caCertificate(X500Name name, KeyPair keys, JcaX509ExtensionUtils ext,
                                                 SecureRandom random) throws IOException, GeneralSecurityException,
            org.bouncycastle.operator.OperatorException {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(random),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))), name,
                keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        return sign(b, keys.getPrivate());
    }

    private static X509v3CertificateBuilder builder(X509Certificate issuer, X500Name subject, KeyPair keys,
                                                    SecureRandom random) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, serial(random), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(825))), subject, keys.getPublic());
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(63, random).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorException {
        ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(key);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] encryptedPem(PrivateKey key, SecureRandom random)
            throws IOException, org.bouncycastle.operator.OperatorException {
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                .setProvider(new BouncyCastleProvider())
                .setPRF(PKCS8Generator.PRF_HMACSHA256)
                .setIterationCount(2048)
                .setRandom(random)
                .setPassword(CLIENT_PASSWORD.toCharArray())
                .build();
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(key, encryptor));
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] pkcs12(PrivateKey key, X509Certificate cert, X509Certificate ca)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("user", key, CLIENT_PASSWORD.toCharArray(), new Certificate[] {cert, ca});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, CLIENT_PASSWORD.toCharArray());
        return out.toByteArray();
    }
}
