package com.nexefii.lock.tcp;

/** Where the connection to the controller is. */
enum LinkState {
    /** Created, not started. */
    IDLE,
    /** TCP connect in progress. */
    CONNECTING,
    /** Connected; HELLO sent, waiting for an authenticated HELLO_ACK. */
    HANDSHAKING,
    /** Session up: commands flow, heartbeats run, the locks are online. */
    READY,
    /** The last attempt failed or the session died; waiting before the next attempt. */
    BACKING_OFF,
    /** Stopped for good (adapter deactivated). */
    STOPPED
}
