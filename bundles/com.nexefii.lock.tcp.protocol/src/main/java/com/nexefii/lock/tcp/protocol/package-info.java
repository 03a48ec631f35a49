/**
 * The Nexefii TCP lock-controller protocol, version 1: frame layout and codec ({@link
 * com.nexefii.lock.tcp.protocol.FrameCodec}), the authenticated session that keys and counts each
 * direction ({@link com.nexefii.lock.tcp.protocol.FrameSession}, {@link
 * com.nexefii.lock.tcp.protocol.SessionKeys}) and the typed payloads. The specification is the
 * README of the {@code com.nexefii.lock.tcp} bundle; this package is its only implementation, used
 * by both ends (adapter and simulator) so they cannot drift apart.
 *
 * <p>Deliberately not exported: the adapter bundle embeds a private copy, so a hot swap of the
 * adapter never forces a refresh of another bundle.
 */
package com.nexefii.lock.tcp.protocol;
