package com.nexefii.policy.cache.impl;

/** A policy message that must not be applied; the message says why, naming the field. */
final class PolicyRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    PolicyRejectedException(String message) {
        super(message);
    }

    PolicyRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
