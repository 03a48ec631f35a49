package com.nexefii.lock.tcp;

import java.util.LinkedHashMap;
import java.util.Map;

/** A snapshot of {@link LinkCounters}. */
record LinkStatistics(LinkState state, long sessions, long connectFailures, long sessionsLost, long heartbeatTimeouts,
        long protocolErrors, long oversizedFrames, long checksumErrors, long authenticationFailures,
        long attemptTimeouts, long retransmissions, long unmatchedResponses, long eventsPublished,
        long eventPublishFailures, long unrecognizedEvents, long duplicateEvents, long eventLedgerFailures) {

    /** Service property prefix of the statistics on the adapter's registration. */
    static final String PROPERTY_PREFIX = "nexefii.lock.tcp.";

    /** @return the statistics as service properties, e.g. {@code nexefii.lock.tcp.protocolErrors} */
    Map<String, Object> asServiceProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(PROPERTY_PREFIX + "state", state.name());
        properties.put(PROPERTY_PREFIX + "sessions", sessions);
        properties.put(PROPERTY_PREFIX + "connectFailures", connectFailures);
        properties.put(PROPERTY_PREFIX + "sessionsLost", sessionsLost);
        properties.put(PROPERTY_PREFIX + "heartbeatTimeouts", heartbeatTimeouts);
        properties.put(PROPERTY_PREFIX + "protocolErrors", protocolErrors);
        properties.put(PROPERTY_PREFIX + "oversizedFrames", oversizedFrames);
        properties.put(PROPERTY_PREFIX + "checksumErrors", checksumErrors);
        properties.put(PROPERTY_PREFIX + "authenticationFailures", authenticationFailures);
        properties.put(PROPERTY_PREFIX + "attemptTimeouts", attemptTimeouts);
        properties.put(PROPERTY_PREFIX + "retransmissions", retransmissions);
        properties.put(PROPERTY_PREFIX + "unmatchedResponses", unmatchedResponses);
        properties.put(PROPERTY_PREFIX + "eventsPublished", eventsPublished);
        properties.put(PROPERTY_PREFIX + "eventPublishFailures", eventPublishFailures);
        properties.put(PROPERTY_PREFIX + "unrecognizedEvents", unrecognizedEvents);
        properties.put(PROPERTY_PREFIX + "duplicateEvents", duplicateEvents);
        properties.put(PROPERTY_PREFIX + "eventLedgerFailures", eventLedgerFailures);
        return properties;
    }
}
