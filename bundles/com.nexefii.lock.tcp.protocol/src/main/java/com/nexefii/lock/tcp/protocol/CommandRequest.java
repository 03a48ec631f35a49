package com.nexefii.lock.tcp.protocol;

import java.util.Objects;

/**
 * COMMAND payload: {@code commandId(string) unit(u16) opcode(u8) relockSeconds(u16)
 * credentialKind(u8) credentialId(string) sealedSecret(blob)}.
 *
 * <p>The command id is the idempotency key: a controller that already executed it answers from its
 * result cache instead of acting again, which is what makes retransmissions safe.
 *
 * @param relockSeconds for UNLOCK, seconds until the unit relocks (0: its default); else 0
 * @param sealedSecret a PIN sealed with {@link SecretSealer}, or empty
 */
public record CommandRequest(String commandId, int unit, Opcode opcode, int relockSeconds,
        CredentialKind credentialKind, String credentialId, byte[] sealedSecret) {

    public static final int MAX_ID_BYTES = 128;
    public static final int MAX_SECRET_BYTES = 128;

    public CommandRequest {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(opcode, "opcode");
        credentialKind = credentialKind == null ? CredentialKind.NONE : credentialKind;
        credentialId = credentialId == null ? "" : credentialId;
        sealedSecret = sealedSecret == null ? new byte[0] : sealedSecret;
    }

    public static CommandRequest simple(String commandId, int unit, Opcode opcode) {
        return new CommandRequest(commandId, unit, opcode, 0, CredentialKind.NONE, "", new byte[0]);
    }

    public byte[] encode() {
        return new PayloadWriter().string(commandId).u16(unit).u8(opcode.code()).u16(relockSeconds)
                .u8(credentialKind.ordinal()).string(credentialId).blob(sealedSecret).toByteArray();
    }

    public static CommandRequest decode(byte[] payload) throws ProtocolException {
        PayloadReader in = new PayloadReader(payload, "COMMAND");
        String commandId = in.string(MAX_ID_BYTES);
        int unit = in.u16();
        Opcode opcode = Opcode.of(in.u8());
        int relock = in.u16();
        CredentialKind kind = CredentialKind.of(in.u8());
        String credentialId = in.string(MAX_ID_BYTES);
        byte[] secret = in.blob(MAX_SECRET_BYTES);
        in.end();
        return new CommandRequest(commandId, unit, opcode, relock, kind, credentialId, secret);
    }
}
