package com.nexefii.lock.tcp.protocol;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The keys of one session, derived from the controller's shared key and both sides' fresh nonces:
 * a frame recorded in one session fails the MAC check in every other, and separate keys per
 * direction mean a frame reflected back at its sender fails too.
 *
 * <pre>
 * gatewayToController = HMAC-SHA256(sharedKey, "nexefii-tcp/1 g2c" 0x00 gatewayNonce controllerNonce)
 * controllerToGateway = HMAC-SHA256(sharedKey, "nexefii-tcp/1 c2g" 0x00 gatewayNonce controllerNonce)
 * secret              = first 16 bytes of HMAC-SHA256(sharedKey, "nexefii-tcp/1 secret" 0x00 ...)
 * </pre>
 */
public record SessionKeys(byte[] gatewayToController, byte[] controllerToGateway, byte[] secret) {

    public static final int NONCE_LENGTH = 16;
    /** Shorter shared keys are refused by both ends. */
    public static final int MIN_SHARED_KEY_LENGTH = 16;
    public static final int MAX_SHARED_KEY_LENGTH = 64;

    public static SessionKeys derive(byte[] sharedKey, byte[] gatewayNonce, byte[] controllerNonce) {
        checkSharedKey(sharedKey);
        if (gatewayNonce.length != NONCE_LENGTH || controllerNonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("nonces must be " + NONCE_LENGTH + " bytes");
        }
        return new SessionKeys(
                FrameCodec.hmacSha256(sharedKey, label("g2c"), gatewayNonce, controllerNonce),
                FrameCodec.hmacSha256(sharedKey, label("c2g"), gatewayNonce, controllerNonce),
                Arrays.copyOf(FrameCodec.hmacSha256(sharedKey, label("secret"), gatewayNonce, controllerNonce), 16));
    }

    public static byte[] newNonce(SecureRandom random) {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        return nonce;
    }

    public static void checkSharedKey(byte[] sharedKey) {
        if (sharedKey == null || sharedKey.length < MIN_SHARED_KEY_LENGTH || sharedKey.length > MAX_SHARED_KEY_LENGTH) {
            throw new IllegalArgumentException("shared key must be " + MIN_SHARED_KEY_LENGTH + " to "
                    + MAX_SHARED_KEY_LENGTH + " bytes");
        }
    }

    /**
     * Parses a shared key written as hexadecimal (the form operators configure).
     *
     * @throws IllegalArgumentException without echoing the input, which is a secret
     */
    public static byte[] parseHexKey(String hex) {
        if (hex == null) {
            throw new IllegalArgumentException("missing");
        }
        String digits = hex.strip();
        if (digits.length() % 2 != 0 || !digits.matches("[0-9a-fA-F]*")) {
            throw new IllegalArgumentException("must be an even number of hexadecimal digits");
        }
        byte[] key = java.util.HexFormat.of().parseHex(digits);
        checkSharedKey(key);
        return key;
    }

    private static byte[] label(String direction) {
        byte[] text = ("nexefii-tcp/1 " + direction).getBytes(StandardCharsets.US_ASCII);
        return Arrays.copyOf(text, text.length + 1);
    }

    @Override
    public String toString() {
        return "SessionKeys[****]";
    }
}
