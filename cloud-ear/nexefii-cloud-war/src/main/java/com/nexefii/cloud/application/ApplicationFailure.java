package com.nexefii.cloud.application;

/**
 * A failure the caller can act on. Each subclass is one RFC 9457 problem type; the REST layer maps
 * them in one place, the MQTT layer logs and audits them.
 */
public abstract class ApplicationFailure extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private boolean audited;

    protected ApplicationFailure(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public int status() {
        return status;
    }

    /** The problem type slug, resolved against {@code /problems/} by the REST layer. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /**
     * Marks a refusal that was written to the audit trail where it was decided, so the REST layer
     * does not record it a second time.
     */
    public ApplicationFailure audited() {
        audited = true;
        return this;
    }

    public boolean isAudited() {
        return audited;
    }
}
