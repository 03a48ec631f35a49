package com.nexefii.lock.tcp.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Frames are authenticated, not encrypted; the one field that must stay confidential on the LAN, a
 * PIN sent with SET_CREDENTIAL, is sealed with AES-128-GCM under the session's secret key: random
 * 12-byte IV, 128-bit tag, the command id as associated data so a sealed PIN cannot be moved to
 * another command. Wire form: IV followed by ciphertext and tag.
 */
public final class SecretSealer {

    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private SecretSealer() {
    }

    public static byte[] seal(byte[] secretKey, String commandId, byte[] plaintext, SecureRandom random) {
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(secretKey, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(commandId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] wire = Arrays.copyOf(iv, IV_LENGTH + sealed.length);
            System.arraycopy(sealed, 0, wire, IV_LENGTH, sealed.length);
            return wire;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    public static byte[] open(byte[] secretKey, String commandId, byte[] wire) throws ProtocolException {
        if (wire.length < IV_LENGTH + TAG_BITS / 8) {
            throw new ProtocolException(ProtocolException.Kind.MALFORMED, "sealed secret too short");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(secretKey, "AES"),
                    new GCMParameterSpec(TAG_BITS, wire, 0, IV_LENGTH));
            cipher.updateAAD(commandId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(wire, IV_LENGTH, wire.length - IV_LENGTH);
        } catch (AEADBadTagException e) {
            throw new ProtocolException(ProtocolException.Kind.AUTHENTICATION, "sealed secret does not verify");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }
}
