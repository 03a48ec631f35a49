package com.nexefii.cloud.domain.model.gateway;

/**
 * Classifies a gateway event sequence number against the highest one already ingested. Gateways
 * never reorder but may skip numbers after a crash (a gap) and resend after a lost PUBACK (a replay).
 */
public record SequenceCheck(Kind kind, long missing) {

    public enum Kind { FIRST, NEXT, GAP, REPLAY }

    public static SequenceCheck of(Long lastSeq, long seq) {
        if (lastSeq == null) {
            return new SequenceCheck(Kind.FIRST, 0);
        }
        if (seq == lastSeq + 1) {
            return new SequenceCheck(Kind.NEXT, 0);
        }
        if (seq > lastSeq + 1) {
            return new SequenceCheck(Kind.GAP, seq - lastSeq - 1);
        }
        return new SequenceCheck(Kind.REPLAY, 0);
    }
}
