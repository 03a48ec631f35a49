package com.nexefii.gateway.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Web console passwords: generated ones, and the salted, iterated hash the Felix web console 5
 * verifies ({@code {sha-256}<hex salt>-<iterations>-<base64 digest>}, digest applied
 * {@code iterations} times to {@code salt + password}). Only the hash is ever stored.
 */
final class ConsolePassword {

    static final String ALGORITHM = "sha-256";
    /** What the web console itself uses when it hashes a password. */
    static final int ITERATIONS = 1000;
    static final int SALT_BYTES = 8;
    static final int GENERATED_LENGTH = 20;

    /** No 0/O, 1/l/I: a technician types it from a terminal into a browser. */
    private static final char[] ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private ConsolePassword() {
    }

    /** About 116 bits from {@code random}. */
    static String generate(SecureRandom random) {
        char[] password = new char[GENERATED_LENGTH];
        for (int i = 0; i < password.length; i++) {
            password[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(password);
    }

    static String hash(String password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        String hexSalt = HexFormat.of().formatHex(salt);
        return "{" + ALGORITHM + "}" + hexSalt + "-" + ITERATIONS + "-"
                + Base64.getEncoder().encodeToString(digest(ALGORITHM, hexSalt, password, ITERATIONS));
    }

    /**
     * Whether {@code password} is the one {@code stored} stands for, with the web console's rules:
     * {@code stored} is plain text, or {@code {alg}digest}, or {@code {alg}salt-digest}, or
     * {@code {alg}salt-iterations-digest}.
     */
    static boolean matches(String stored, String password) {
        if (stored == null || password == null) {
            return false;
        }
        int end = stored.startsWith("{") ? stored.indexOf('}') : -1;
        if (end <= 0) {
            return constantTimeEquals(stored, password);
        }
        String algorithm = stored.substring(1, end);
        String rest = stored.substring(end + 1);
        String salt = null;
        int iterations = 1;
        String encoded = rest;
        int firstDash = rest.indexOf('-');
        if (firstDash >= 0) {
            salt = rest.substring(0, firstDash);
            encoded = rest.substring(firstDash + 1);
            int secondDash = encoded.indexOf('-');
            if (secondDash >= 0) {
                try {
                    iterations = Integer.parseInt(encoded.substring(0, secondDash));
                    encoded = encoded.substring(secondDash + 1);
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        byte[] actual;
        try {
            actual = digest(algorithm, salt, password, iterations);
        } catch (IllegalStateException e) {
            return false;
        }
        return constantTimeEquals(encoded, Base64.getEncoder().encodeToString(actual));
    }

    private static byte[] digest(String algorithm, String salt, String password, int iterations) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] bytes = ((salt == null ? "" : salt) + password).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < iterations; i++) {
                md.reset();
                bytes = md.digest(bytes);
            }
            return bytes;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no " + algorithm + " in this JVM", e);
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
