package com.nexefii.lock.tcp.protocol;

/** The frame types of protocol version 1 and their wire codes. */
public enum FrameType {
    /** Gateway to controller: opens a session. */
    HELLO(0x01),
    /** Controller to gateway: accepts the session, lists the lock units. */
    HELLO_ACK(0x02),
    /** Either way, every heartbeat interval: proves the link and the peer are alive. */
    HEARTBEAT(0x03),
    /** Either way, just before closing: why. Informative only. */
    ERROR(0x04),
    /** Gateway to controller: do something to one unit. */
    COMMAND(0x10),
    /** Controller to gateway: the outcome of the COMMAND with the same correlation id. */
    RESPONSE(0x11),
    /** Controller to gateway: something happened at a unit; repeated until acknowledged. */
    EVENT(0x20),
    /** Gateway to controller: the EVENT is stored durably, the controller may forget it. */
    EVENT_ACK(0x21);

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static FrameType of(int code) throws ProtocolException {
        for (FrameType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new ProtocolException(ProtocolException.Kind.MALFORMED, String.format("unknown frame type 0x%02x", code));
    }
}
