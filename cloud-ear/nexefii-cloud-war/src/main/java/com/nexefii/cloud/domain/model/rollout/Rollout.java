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
 * within the step timeout, stops the rollout and names the gateway and the reason. A gateway that is not
 * connected at its turn is waited for ({@code waitingSince}) as the {@link RolloutPolicy} says, then skipped
 * or the rollout stops. A platform admin may cancel a running rollout.
 */
public record Rollout(UUID rolloutId, UUID packageId, RolloutState state, List<Target> targets, int position,
        UUID currentCommandId, Instant currentSentAt, Duration stepTimeout, String startedBy, Instant startedAt,
        Instant finishedAt, Target stoppedAt, String stopReason, RolloutPolicy policy, Instant waitingSince) {

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

    /** What to do when the current gateway is not connected at its turn. */
    public enum OfflineDecision {
        /** Within the offline wait: check again later. */
        WAIT,
        /** Wait over, policy SKIP, more gateways follow. */
        SKIP_TO_NEXT,
        /** Wait over, policy SKIP, it was the last gateway. */
        SKIP_AND_COMPLETE,
        /** Wait over, policy STOP. */
        STOP
    }

    public Rollout {
        targets = List.copyOf(targets);
        policy = policy == null ? RolloutPolicy.DEFAULT : policy;
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
        return last() ? Decision.COMPLETE : Decision.NEXT;
    }

    /** The current gateway is not connected: how long it was waited for decides, with the policy. */
    public OfflineDecision decideOffline(Instant now) {
        if (waitingSince == null || now.isBefore(waitingSince.plus(policy.offlineWait()))) {
            return OfflineDecision.WAIT;
        }
        if (policy.onOffline() == RolloutPolicy.OnOffline.STOP) {
            return OfflineDecision.STOP;
        }
        return last() ? OfflineDecision.SKIP_AND_COMPLETE : OfflineDecision.SKIP_TO_NEXT;
    }

    /** @return true when the current gateway had its whole step timeout without a result */
    public boolean overdue(Instant now) {
        return state == RolloutState.RUNNING && currentCommandId != null && currentSentAt != null
                && !now.isBefore(currentSentAt.plus(stepTimeout));
    }

    /** @return how many gateways after the current one were never sent anything */
    public int untouched() {
        return Math.max(0, targets.size() - position - 1);
    }

    private boolean last() {
        return position + 1 >= targets.size();
    }

    /** The command went to the current gateway. */
    public Rollout sent(UUID commandId, Instant at) {
        return new Rollout(rolloutId, packageId, state, targets, position, commandId, at, stepTimeout, startedBy,
                startedAt, null, null, null, policy, null);
    }

    /** The current gateway is done (succeeded or skipped): the next one is due. */
    public Rollout advanced() {
        return new Rollout(rolloutId, packageId, state, targets, position + 1, null, null, stepTimeout, startedBy,
                startedAt, null, null, null, policy, null);
    }

    /** The current gateway was found offline at its turn (first time only: the wait counts from then). */
    public Rollout waitingFrom(Instant at) {
        return new Rollout(rolloutId, packageId, state, targets, position, currentCommandId, currentSentAt,
                stepTimeout, startedBy, startedAt, finishedAt, stoppedAt, stopReason, policy,
                waitingSince == null ? at : waitingSince);
    }

    /** Ended: COMPLETED after the last gateway, STOPPED or CANCELLED at the current one. */
    public Rollout finished(RolloutState end, Instant at, Target where, String reason) {
        int endPosition = end == RolloutState.COMPLETED ? targets.size() : position;
        UUID command = end == RolloutState.COMPLETED ? null : currentCommandId;
        Instant sent = end == RolloutState.COMPLETED ? null : currentSentAt;
        return new Rollout(rolloutId, packageId, end, targets, endPosition, command, sent, stepTimeout, startedBy,
                startedAt, at, where, reason, policy, null);
    }
}
