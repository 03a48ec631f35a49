package com.nexefii.lock.tcp.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads a payload written by {@link PayloadWriter}; anything short, long or not UTF-8 is MALFORMED. */
final class PayloadReader {

    private final ByteBuffer buffer;
    private final String what;

    PayloadReader(byte[] payload, String what) {
        this.buffer = ByteBuffer.wrap(payload);
        this.what = what;
    }

    int u8() throws ProtocolException {
        return Byte.toUnsignedInt(take(1).get());
    }

    int i8() throws ProtocolException {
        return take(1).get();
    }

    int u16() throws ProtocolException {
        return Short.toUnsignedInt(take(2).getShort());
    }

    long u32() throws ProtocolException {
        return Integer.toUnsignedLong(take(4).getInt());
    }

    long i64() throws ProtocolException {
        return take(8).getLong();
    }

    byte[] bytes(int length) throws ProtocolException {
        byte[] value = new byte[length];
        take(length).get(value);
        return value;
    }

    byte[] blob(int maxLength) throws ProtocolException {
        int length = u16();
        if (length > maxLength) {
            throw malformed("field of " + length + " bytes, at most " + maxLength + " allowed");
        }
        return bytes(length);
    }

    String string(int maxBytes) throws ProtocolException {
        byte[] raw = blob(maxBytes);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw malformed("string is not UTF-8");
        }
    }

    /** @throws ProtocolException when bytes are left over: a peer speaking another layout */
    void end() throws ProtocolException {
        if (buffer.hasRemaining()) {
            throw malformed(buffer.remaining() + " unexpected trailing bytes");
        }
    }

    ProtocolException malformed(String message) {
        return new ProtocolException(ProtocolException.Kind.MALFORMED, what + ": " + message);
    }

    private ByteBuffer take(int length) throws ProtocolException {
        if (buffer.remaining() < length) {
            throw malformed("payload ends early");
        }
        return buffer;
    }
}
