package com.nexefii.gateway.deploy;

/** A deployment package the gateway refuses; the message says why in words a technician can act on. */
public class PackageRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    public PackageRejectedException(String message) {
        super(message);
    }

    public PackageRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
