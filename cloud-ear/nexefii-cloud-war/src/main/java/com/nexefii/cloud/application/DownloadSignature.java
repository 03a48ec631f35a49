package com.nexefii.cloud.application;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived signed package download links: HMAC-SHA256 over package, gateway and expiry, so a link works
 * only for the gateway it was made for, only until it expires, and cannot be turned into another package's.
 */
public final class DownloadSignature {

    private final byte[] key;

    public DownloadSignature(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("nexefii.packages.url-key: at least 32 bytes");
        }
        this.key = key.clone();
    }

    public String sign(UUID packageId, String gateway, long expiresEpochSecond) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((packageId + "\n" + gateway + "\n" + expiresEpochSecond)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }

    /** Constant-time comparison; false for an expired link whatever its signature. */
    public boolean valid(UUID packageId, String gateway, long expiresEpochSecond, String signature, Instant now) {
        if (signature == null || now.getEpochSecond() >= expiresEpochSecond) {
            return false;
        }
        return MessageDigest.isEqual(sign(packageId, gateway, expiresEpochSecond).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }
}
