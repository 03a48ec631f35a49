package com.nexefii.lock.tcp.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds a payload: big-endian integers, strings and blobs as a 16-bit length then the bytes (UTF-8). */
final class PayloadWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    PayloadWriter u8(int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("does not fit 8 bits: " + value);
        }
        out.write(value);
        return this;
    }

    PayloadWriter i8(int value) {
        if (value < Byte.MIN_VALUE || value > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("does not fit a signed byte: " + value);
        }
        out.write(value & 0xFF);
        return this;
    }

    PayloadWriter u16(int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("does not fit 16 bits: " + value);
        }
        out.write(value >>> 8);
        out.write(value & 0xFF);
        return this;
    }

    PayloadWriter u32(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("does not fit 32 bits: " + value);
        }
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xFF);
        }
        return this;
    }

    PayloadWriter i64(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xFF);
        }
        return this;
    }

    PayloadWriter bytes(byte[] value) {
        out.writeBytes(value);
        return this;
    }

    PayloadWriter blob(byte[] value) {
        u16(value.length);
        return bytes(value);
    }

    PayloadWriter string(String value) {
        return blob(value.getBytes(StandardCharsets.UTF_8));
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
