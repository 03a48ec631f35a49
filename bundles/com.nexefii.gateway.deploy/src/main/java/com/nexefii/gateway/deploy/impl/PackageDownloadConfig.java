package com.nexefii.gateway.deploy.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = RemotePackageInstallerComponent.PID,
        name = "Nexefii cloud package downloads",
        description = "Lets the cloud install signed deployment packages on this gateway (rolling upgrades): where"
                + " packages may be downloaded from, which CA the cloud's HTTPS certificate must chain to, and how"
                + " large a package may be. Without this configuration the gateway refuses every cloud install.")
@interface PackageDownloadConfig {

    @AttributeDefinition(name = "Cloud CA certificates (PEM)",
            description = "CA certificates the cloud's HTTPS server certificate must chain to, as PEM text (line"
                    + " breaks may be spaces). The JDK's default trust store is never used.",
            required = false)
    String[] cloudCaCertificates() default {};

    @AttributeDefinition(name = "Cloud CA certificate files",
            description = "Paths of PEM or DER files with more cloud CA certificates.", required = false)
    String[] cloudCaCertificateFiles() default {};

    @AttributeDefinition(name = "Allowed download URL prefixes",
            description = "A package URL must start with one of these, e.g. https://cloud.example.com/api/v1/package-downloads/."
                    + " https only.")
    String[] allowedUrlPrefixes();

    @AttributeDefinition(name = "Largest package (MiB)", description = "1 to 512.", min = "1", max = "512")
    int maxPackageMiB() default 64;

    @AttributeDefinition(name = "Connect timeout (s)", description = "1 to 120.", min = "1", max = "120")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(name = "Download timeout (s)", description = "Whole download, 1 to 3600.", min = "1",
            max = "3600")
    int downloadTimeoutSeconds() default 300;

    @AttributeDefinition(name = "Waiting requests",
            description = "Install requests that may wait while one runs, 1 to 100; more are refused.", min = "1",
            max = "100")
    int queueSize() default 8;
}
