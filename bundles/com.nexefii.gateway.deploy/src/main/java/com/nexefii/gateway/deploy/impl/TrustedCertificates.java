package com.nexefii.gateway.deploy.impl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The certificates a package signer must be, or chain to. Several at once is normal: during a key
 * rotation the gateway trusts the outgoing and the incoming signing certificate.
 */
final class TrustedCertificates {

    private final List<X509Certificate> certificates;

    TrustedCertificates(List<X509Certificate> certificates) {
        this.certificates = List.copyOf(certificates);
    }

    /**
     * @param property the configuration property the text came from, named in errors
     * @param pem one or more PEM certificates
     */
    static List<X509Certificate> parsePem(String property, String pem) {
        return parse(property, pem.getBytes(StandardCharsets.US_ASCII));
    }

    static List<X509Certificate> read(String property, Path file) {
        try {
            return parse(property + " (" + file + ")", Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(property + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> parse(String source, byte[] encoded) {
        List<X509Certificate> parsed = new ArrayList<>();
        try (InputStream in = new ByteArrayInputStream(encoded)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                parsed.add((X509Certificate) c);
            }
        } catch (CertificateException | IOException e) {
            throw new IllegalArgumentException(source + ": not an X.509 certificate in PEM or DER: " + e.getMessage(), e);
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException(source + ": holds no certificate");
        }
        return parsed;
    }

    boolean isEmpty() {
        return certificates.isEmpty();
    }

    List<X509Certificate> all() {
        return certificates;
    }

    /**
     * @param chain a signer's certificate path, signer first
     * @return the trusted certificate the chain is or leads to, or {@code null}
     */
    X509Certificate anchorOf(List<? extends Certificate> chain) {
        for (int i = 0; i < chain.size(); i++) {
            if (!(chain.get(i) instanceof X509Certificate link)) {
                return null;
            }
            for (X509Certificate trusted : certificates) {
                if (trusted.equals(link)) {
                    return linksUpTo(chain, i) ? trusted : null;
                }
                if (trusted.getSubjectX500Principal().equals(link.getIssuerX500Principal())
                        && signedBy(link, trusted) && linksUpTo(chain, i)) {
                    return trusted;
                }
            }
        }
        return null;
    }

    /** A chain as a PKCS#7 block carries it is only a list: check each link really signed the previous one. */
    private static boolean linksUpTo(List<? extends Certificate> chain, int last) {
        for (int i = 0; i < last; i++) {
            if (!signedBy((X509Certificate) chain.get(i), (X509Certificate) chain.get(i + 1))) {
                return false;
            }
        }
        return true;
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint " + certificate.getSubjectX500Principal(), e);
        }
    }
}
