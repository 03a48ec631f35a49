package com.nexefii.lock.tcp.simulator;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import com.nexefii.lock.tcp.protocol.Frame;
import com.nexefii.lock.tcp.protocol.FrameCodec;
import com.nexefii.lock.tcp.protocol.FrameSession;
import com.nexefii.lock.tcp.protocol.FrameType;
import com.nexefii.lock.tcp.protocol.Hello;
import com.nexefii.lock.tcp.protocol.HelloAck;
import com.nexefii.lock.tcp.protocol.SessionKeys;

/** The gateway end of the protocol at frame level, driven step by step from a test. */
final class RawGateway implements AutoCloseable {

    final Socket socket;
    final InputStream in;
    final OutputStream out;
    final FrameSession session;
    final HelloAck helloAck;

    RawGateway(int port, byte[] key) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        byte[] nonce = SessionKeys.newNonce(new SecureRandom());
        out.write(FrameSession.sealHello(key, new Hello(nonce, "raw-gw", 60_000, 4096)));
        FrameCodec.ReceivedFrame ack = FrameCodec.read(in, 4096);
        helloAck = HelloAck.decode(ack.frame().payload());
        session = FrameSession.forGateway(SessionKeys.derive(key, nonce, helloAck.nonce()));
        session.open(ack);
    }

    void send(FrameType type, int flags, int correlationId, byte[] payload) throws IOException {
        out.write(session.seal(type, flags, correlationId, payload));
        out.flush();
    }

    Frame next() throws IOException {
        return session.open(FrameCodec.read(in, 4096));
    }

    /** @return the next frame of this type, collecting the others into {@code skipped} */
    Frame next(FrameType type, List<Frame> skipped) throws IOException {
        while (true) {
            Frame frame = next();
            if (frame.type() == type) {
                return frame;
            }
            skipped.add(frame);
        }
    }

    Frame next(FrameType type) throws IOException {
        return next(type, new ArrayList<>());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
