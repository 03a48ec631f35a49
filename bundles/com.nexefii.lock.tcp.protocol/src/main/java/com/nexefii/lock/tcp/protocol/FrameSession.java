package com.nexefii.lock.tcp.protocol;

import com.nexefii.lock.tcp.protocol.FrameCodec.ReceivedFrame;

/**
 * Both directions of one authenticated session: seals outgoing frames with the next counter and
 * the sender's direction key, and accepts an incoming frame only when its MAC verifies and its
 * counter is exactly the next one. TCP delivers in order, so any other counter is a replay, a
 * deletion or a reordering by someone in the middle.
 *
 * <p>Counters: the HELLO is frame 0 of the gateway (MACed with the shared key), the HELLO_ACK frame 0
 * of the controller (MACed with the controller-to-gateway session key); every later frame counts up
 * from 1 in its direction.
 */
public final class FrameSession {

    private final byte[] sendKey;
    private final byte[] receiveKey;
    private final SessionKeys keys;
    private long nextSend;
    private long nextReceive;

    private FrameSession(SessionKeys keys, byte[] sendKey, byte[] receiveKey, long nextSend, long nextReceive) {
        this.keys = keys;
        this.sendKey = sendKey;
        this.receiveKey = receiveKey;
        this.nextSend = nextSend;
        this.nextReceive = nextReceive;
    }

    /** The gateway's side, after it sent HELLO (its frame 0); the HELLO_ACK it opens next is frame 0. */
    public static FrameSession forGateway(SessionKeys keys) {
        return new FrameSession(keys, keys.gatewayToController(), keys.controllerToGateway(), 1, 0);
    }

    /** The controller's side, after it accepted HELLO; the HELLO_ACK it seals next is its frame 0. */
    public static FrameSession forController(SessionKeys keys) {
        return new FrameSession(keys, keys.controllerToGateway(), keys.gatewayToController(), 0, 1);
    }

    public SessionKeys keys() {
        return keys;
    }

    /** @return the wire bytes of a new frame carrying the next counter */
    public synchronized byte[] seal(FrameType type, int flags, int correlationId, byte[] payload) {
        Frame frame = new Frame(type, flags, correlationId, nextSend, payload);
        nextSend++;
        return FrameCodec.encode(frame, sendKey);
    }

    /** @return the frame, once its MAC and counter are checked */
    public synchronized Frame open(ReceivedFrame received) throws ProtocolException {
        Frame frame = received.verify(receiveKey);
        if (frame.counter() != nextReceive) {
            throw new ProtocolException(ProtocolException.Kind.REPLAY,
                    "counter " + frame.counter() + " where " + nextReceive + " was expected");
        }
        nextReceive++;
        return frame;
    }

    /** @return the wire bytes of the gateway's HELLO, MACed with the shared key (the session keys do not exist yet) */
    public static byte[] sealHello(byte[] sharedKey, Hello hello) {
        return FrameCodec.encode(new Frame(FrameType.HELLO, 0, 0, 0, hello.encode()), sharedKey);
    }

    /** The controller's check of a HELLO: right type, counter 0, MAC made with the shared key. */
    public static Hello openHello(byte[] sharedKey, ReceivedFrame received) throws ProtocolException {
        if (received.frame().type() != FrameType.HELLO) {
            throw new ProtocolException(ProtocolException.Kind.UNEXPECTED,
                    received.frame().type() + " before HELLO");
        }
        Frame frame = received.verify(sharedKey);
        if (frame.counter() != 0) {
            throw new ProtocolException(ProtocolException.Kind.REPLAY, "HELLO with counter " + frame.counter());
        }
        return Hello.decode(frame.payload());
    }
}
