package com.nexefii.gateway.deploy.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = PackageInstallerComponent.PID,
        name = "Nexefii package installer",
        description = "Which signing certificates the gateway trusts for deployment packages, and how long a new"
                + " version has to prove itself healthy before it is rolled back.")
@interface PackageInstallerConfig {

    @AttributeDefinition(name = "Trusted certificates (PEM)",
            description = "Certificates a package signer must be or chain to, as PEM text (line breaks may be"
                    + " spaces). List two during a signing key rotation. Empty, with no file below: no package"
                    + " can be installed.",
            required = false)
    String[] trustedCertificates() default {};

    @AttributeDefinition(name = "Trusted certificate files",
            description = "Paths of PEM or DER files with more trusted certificates.", required = false)
    String[] trustedCertificateFiles() default {};

    @AttributeDefinition(name = "Health window (s)",
            description = "How long a new version may take to become healthy before it is rolled back, 1 to 3600.",
            min = "1", max = "3600")
    int healthWindowSeconds() default 60;

    @AttributeDefinition(name = "Kept versions",
            description = "Package files kept per package for rollbacks, the running one included; 2 to 20.",
            min = "2", max = "20")
    int keptVersions() default 2;

    @AttributeDefinition(name = "Restore configuration on rollback",
            description = "After a rollback, also restore the configuration snapshot taken before the install.")
    boolean restoreConfigurationOnRollback() default true;
}
