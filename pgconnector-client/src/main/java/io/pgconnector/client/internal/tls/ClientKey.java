package io.pgconnector.client.internal.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Offers one client certificate and key. Like libpq (and unlike pgjdbc's key managers, which stay silent when the
 * server's list of accepted CAs does not name the certificate's issuer), the certificate is always sent when its key
 * type fits, so a certificate the server does not trust fails with the server's own message.
 */
final class ClientKey extends X509ExtendedKeyManager {
    private static final String ALIAS = "client";
    private final PrivateKey key;
    private final X509Certificate[] chain;

    ClientKey(PrivateKey key, X509Certificate[] chain) {
        this.key = key;
        this.chain = chain.clone();
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return fits(keyTypes) ? ALIAS : null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return fits(keyTypes) ? ALIAS : null;
    }

    private boolean fits(String[] keyTypes) {
        if (keyTypes == null) {
            return true;
        }
        String alg = key.getAlgorithm();
        for (String t : keyTypes) {
            if (t == null) {
                continue;
            }
            if (t.equalsIgnoreCase(alg) || (alg.equals("RSA") && t.startsWith("RSA"))
                    || (alg.equals("EdDSA") && (t.equals("Ed25519") || t.equals("Ed448")))
                    || (alg.equals("EC") && t.startsWith("EC"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return fits(new String[] {keyType}) ? new String[] {ALIAS} : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
