package com.nexefii.policy.cache.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.nexefii.policy.cache.PolicyCache;

@ObjectClassDefinition(
        id = PolicyCache.PID,
        name = "Nexefii policy cache",
        description = "Offline access decisions from the cloud's policy. The property this gateway serves is the "
                + "event publisher's property id.")
@interface PolicyCacheConfig {

    @AttributeDefinition(name = "Data directory",
            description = "Where the applied policy is kept across restarts. Empty: the bundle's own data area.",
            required = false)
    String dataDirectory() default "";

    @AttributeDefinition(name = "Credential issuer",
            description = "The iss every mobile key must carry.")
    String credentialIssuer() default "nexefii-cloud";

    @AttributeDefinition(name = "Credential audience",
            description = "The aud every mobile key must include.")
    String credentialAudience() default "nexefii-gateway";

    @AttributeDefinition(name = "Clock skew (seconds)",
            description = "Tolerance on a mobile key's nbf and exp for clocks that drift, 0 to 300.",
            min = "0", max = "300")
    int clockSkewSeconds() default 30;

    @AttributeDefinition(name = "Schedule time zone",
            description = "Time zone of grants' daily schedules, e.g. Europe/Lisbon. Empty: the system's zone.",
            required = false)
    String scheduleTimeZone() default "";

    @AttributeDefinition(name = "Lockdown override roles",
            description = "Staff roles that may still unlock a door in their zones during lockdown.")
    String[] lockdownOverrideRoles() default {"property-admin"};

    @AttributeDefinition(name = "Verified mobile keys kept",
            description = "How many verified mobile keys are remembered so a repeat presentation skips the "
                    + "signature check; 0 disables. Revocation, time and lockdown are checked every time.",
            min = "0", max = "1000000")
    int verifiedCredentialCacheSize() default 10_000;

    @AttributeDefinition(name = "Largest policy message (bytes)",
            description = "Policy messages larger than this are rejected unread.",
            min = "1024")
    int maxPolicyBytes() default 16 * 1024 * 1024;
}
