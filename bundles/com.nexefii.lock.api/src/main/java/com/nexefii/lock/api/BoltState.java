package com.nexefii.lock.api;

/** Where a lock's bolt is. */
public enum BoltState {
    LOCKED, UNLOCKED, JAMMED, UNKNOWN
}
