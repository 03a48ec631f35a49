package com.nexefii.gateway.deploy;

import java.time.Instant;

/**
 * A kept configuration snapshot.
 *
 * @param id unique, sortable by time
 * @param takenAt when
 * @param reason why
 * @param configurations how many configurations it holds
 */
public record ConfigurationSnapshot(String id, Instant takenAt, String reason, int configurations) {
}
