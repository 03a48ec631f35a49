package com.nexefii.gateway.console;

/** An uploaded file that must not be installed; the message says why, for the technician. */
final class RejectedDeploymentPackageException extends Exception {

    private static final long serialVersionUID = 1L;

    RejectedDeploymentPackageException(String message) {
        super(message);
    }
}
