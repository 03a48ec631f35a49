package com.nexefii.cloud.domain.model.rollout;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A package going to gateways one at a time. Exactly one gateway is in progress while RUNNING
 * ({@code currentCommandId} set), or none when the next one is due to be sent. The next gateway gets the
 * command only after the previous one reported INSTALLED, UPDATED or UNCHANGED; anything else, or no result
 * within the step timeout, stops the rollout and names the gateway and the reason.
 */
public record Rollout(UUID rolloutId, UUID packageId, RolloutState state, List<Target> targets, int position,
        UUID currentCommandId, Instant currentSentAt, Duration stepTimeout, String startedBy, Instant startedAt,
        Instant finishedAt, Target stoppedAt, String stopReason) {

    /** One gateway of the rollout, in order. */
    public record Target(PropertyId propertyId, String gatewayId) {
        public Target {
            Objects.requireNonNull(propertyId, "propertyId");
            Objects.requireNonNull(gatewayId, "gatewayId");
        }
    }

    /** What to do after a gateway reported a stage for the current command. */
    public enum Decision {
        /** Not a result yet: keep waiting. */
        WAIT,
        /** Success: send to the next gateway. */
        NEXT,
        /** Success on the last gateway. */
        COMPLETE,
        /** Failure: stop here. */
        STOP
    }

    public Rollout {
        targets = List.copyOf(targets);
    }

    public Target current() {
        return position < targets.size() ? targets.get(position) : null;
    }

    public Decision decide(PackageStage stage) {
        if (state != RolloutState.RUNNING || !stage.terminal()) {
            return Decision.WAIT;
        }
        if (!stage.succeeded()) {
            return Decision.STOP;
        }
        return position + 1 < targets.size() ? Decision.NEXT : Decision.COMPLETE;
    }

    /** @return true when the current gateway had its whole step timeout without a result */
    public boolean overdue(Instant now) {
        return state == RolloutState.RUNNING && currentCommandId != null && currentSentAt != null
                && !now.isBefore(currentSentAt.plus(stepTimeout));
    }
}
