package com.nexefii.gateway.deploy;

import java.util.List;

/**
 * A deployment package whose signature checked out.
 *
 * @param name {@code DeploymentPackage-SymbolicName}
 * @param version {@code DeploymentPackage-Version}
 * @param fixPack the {@code DeploymentPackage-FixPack} range, or {@code null} for a full package
 * @param signer subject of the signer's certificate
 * @param signerFingerprint SHA-256 fingerprint (hex) of the signer's certificate
 * @param bundles the bundles it carries as {@code symbolic-name version}
 */
public record VerifiedPackage(String name, String version, String fixPack, String signer, String signerFingerprint,
        List<String> bundles) {

    public VerifiedPackage {
        bundles = List.copyOf(bundles);
    }
}
