package com.nexefii.lock.tcp;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The connection's states and the only transitions allowed between them:
 *
 * <pre>
 * IDLE -> CONNECTING -> HANDSHAKING -> READY
 *            |              |            |
 *            +--------------+------------+--> BACKING_OFF -> CONNECTING
 * any state -> STOPPED (terminal)
 * </pre>
 *
 * A transition the link did not expect is a bug and throws; a transition attempted after
 * {@link #stop()} is refused quietly, because stopping races with the link thread by design.
 */
final class LinkStateMachine {

    private static final Map<LinkState, Set<LinkState>> ALLOWED = new EnumMap<>(LinkState.class);

    static {
        ALLOWED.put(LinkState.IDLE, EnumSet.of(LinkState.CONNECTING));
        ALLOWED.put(LinkState.CONNECTING, EnumSet.of(LinkState.HANDSHAKING, LinkState.BACKING_OFF));
        ALLOWED.put(LinkState.HANDSHAKING, EnumSet.of(LinkState.READY, LinkState.BACKING_OFF));
        ALLOWED.put(LinkState.READY, EnumSet.of(LinkState.BACKING_OFF));
        ALLOWED.put(LinkState.BACKING_OFF, EnumSet.of(LinkState.CONNECTING));
        ALLOWED.put(LinkState.STOPPED, EnumSet.noneOf(LinkState.class));
    }

    private final BiConsumer<LinkState, LinkState> onTransition;
    private LinkState state = LinkState.IDLE;

    /** @param onTransition told (from, to) after each transition, outside the machine's lock */
    LinkStateMachine(BiConsumer<LinkState, LinkState> onTransition) {
        this.onTransition = onTransition;
    }

    LinkState state() {
        synchronized (this) {
            return state;
        }
    }

    /**
     * @return true when the machine is now in {@code next}; false when it was stopped
     * @throws IllegalStateException for a transition the diagram does not have
     */
    boolean to(LinkState next) {
        LinkState previous;
        synchronized (this) {
            if (state == LinkState.STOPPED) {
                return false;
            }
            if (next == LinkState.STOPPED || !ALLOWED.get(state).contains(next)) {
                throw new IllegalStateException("link cannot go from " + state + " to " + next);
            }
            previous = state;
            state = next;
        }
        onTransition.accept(previous, next);
        return true;
    }

    /** @return true when this call stopped the machine, false when it was already stopped */
    boolean stop() {
        LinkState previous;
        synchronized (this) {
            if (state == LinkState.STOPPED) {
                return false;
            }
            previous = state;
            state = LinkState.STOPPED;
        }
        onTransition.accept(previous, LinkState.STOPPED);
        return true;
    }
}
