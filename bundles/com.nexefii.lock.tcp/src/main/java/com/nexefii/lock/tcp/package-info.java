/**
 * The TCP lock adapter: one {@link com.nexefii.lock.api.LockAdapter} per lock controller on the
 * property LAN, created from a factory configuration (PID {@code com.nexefii.lock.tcp}). The
 * controller link ({@code ControllerLink}, {@code ControllerSession}) keeps one authenticated
 * connection alive with heartbeats and reconnects with backoff; {@code TcpLockAdapter} turns lock
 * commands into protocol commands with deadlines and retries, and controller events into lock
 * events. The wire protocol itself is {@code com.nexefii.lock.tcp.protocol}, embedded privately.
 *
 * <p>Nothing here is exported: other bundles see only the {@code LockAdapter} service.
 */
package com.nexefii.lock.tcp;
