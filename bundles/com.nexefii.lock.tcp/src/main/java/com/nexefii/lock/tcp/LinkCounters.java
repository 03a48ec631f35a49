package com.nexefii.lock.tcp;

import java.util.concurrent.atomic.AtomicLong;

import com.nexefii.lock.tcp.protocol.ProtocolException;

/** What happened on one controller link since the adapter started; published as service properties. */
final class LinkCounters {

    final AtomicLong sessions = new AtomicLong();
    final AtomicLong connectFailures = new AtomicLong();
    final AtomicLong sessionsLost = new AtomicLong();
    final AtomicLong heartbeatTimeouts = new AtomicLong();
    final AtomicLong protocolErrors = new AtomicLong();
    final AtomicLong oversizedFrames = new AtomicLong();
    final AtomicLong checksumErrors = new AtomicLong();
    final AtomicLong authenticationFailures = new AtomicLong();
    final AtomicLong attemptTimeouts = new AtomicLong();
    final AtomicLong retransmissions = new AtomicLong();
    final AtomicLong unmatchedResponses = new AtomicLong();
    final AtomicLong eventsPublished = new AtomicLong();
    final AtomicLong eventPublishFailures = new AtomicLong();
    final AtomicLong unrecognizedEvents = new AtomicLong();
    final AtomicLong duplicateEvents = new AtomicLong();
    final AtomicLong eventLedgerFailures = new AtomicLong();

    void protocolError(ProtocolException e) {
        protocolErrors.incrementAndGet();
        switch (e.kind()) {
            case OVERSIZED -> oversizedFrames.incrementAndGet();
            case CHECKSUM -> checksumErrors.incrementAndGet();
            case AUTHENTICATION, REPLAY -> authenticationFailures.incrementAndGet();
            default -> {
                // counted in protocolErrors only
            }
        }
    }

    LinkStatistics snapshot(LinkState state) {
        return new LinkStatistics(state, sessions.get(), connectFailures.get(), sessionsLost.get(),
                heartbeatTimeouts.get(), protocolErrors.get(), oversizedFrames.get(), checksumErrors.get(),
                authenticationFailures.get(), attemptTimeouts.get(), retransmissions.get(), unmatchedResponses.get(),
                eventsPublished.get(), eventPublishFailures.get(), unrecognizedEvents.get(),
                duplicateEvents.get(), eventLedgerFailures.get());
    }
}
