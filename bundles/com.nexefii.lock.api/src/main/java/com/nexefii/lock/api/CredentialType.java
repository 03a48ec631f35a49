package com.nexefii.lock.api;

/** How a person presents themselves at a lock. */
public enum CredentialType {
    /** A numeric code typed on the lock's keypad. */
    PIN,
    /** An RFID / NFC card, identified by its UID. */
    CARD,
    /** A cloud-signed mobile key, identified by its credential id ({@code jti}). */
    MOBILE_KEY
}
