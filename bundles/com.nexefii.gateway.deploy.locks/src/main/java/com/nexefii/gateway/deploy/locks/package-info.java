/**
 * The lock side of the package installer's health gate: {@link
 * com.nexefii.gateway.deploy.locks.LockSelfTest} sends a {@code QUERY_STATE} command to one lock of
 * every adapter the installed package registers, and {@link
 * com.nexefii.gateway.deploy.locks.RollbackAlarms} reports every automatic rollback as a
 * {@code GATEWAY_ALARM} lock event ({@code alarm=rollback}), which the durable event store keeps
 * until the cloud has it. Private: both plug into the installer's whiteboard.
 */
package com.nexefii.gateway.deploy.locks;
