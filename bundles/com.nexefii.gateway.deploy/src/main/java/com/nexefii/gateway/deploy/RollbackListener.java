package com.nexefii.gateway.deploy;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: hears of every automatic rollback. The gateway keeps a rollback on disk until a
 * listener accepted it (returned normally), so none is lost when the listener's own package is the
 * one being rolled back or the gateway restarts in between.
 */
@ConsumerType
public interface RollbackListener {

    /**
     * @param rollback what was rolled back and why
     * @throws RuntimeException to refuse it for now: it is offered again later
     */
    void rolledBack(Rollback rollback);
}
