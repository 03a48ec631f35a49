package com.nexefii.lock.api;

/** What the door sensor reports. {@link #AJAR} means open for longer than the lock allows. */
public enum DoorState {
    OPEN, CLOSED, AJAR, UNKNOWN
}
