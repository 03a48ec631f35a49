package com.nexefii.gateway.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipException;

import org.osgi.framework.Version;

/**
 * Refuses files that are not deployment packages, with a message that says what is missing, instead
 * of Deployment Admin's generic failure. The manifest must be the archive's first entry and name
 * the package and its version (OSGi Deployment Admin specification, 114.3).
 */
final class DeploymentPackageManifestCheck implements DeploymentPackageCheck {

    static final String SYMBOLIC_NAME = "DeploymentPackage-SymbolicName";
    static final String VERSION = "DeploymentPackage-Version";

    @Override
    public void verify(Path deploymentPackage) throws RejectedDeploymentPackageException, IOException {
        Manifest manifest;
        try (InputStream in = Files.newInputStream(deploymentPackage); JarInputStream jar = new JarInputStream(in)) {
            manifest = jar.getManifest();
        } catch (ZipException e) {
            throw new RejectedDeploymentPackageException("Not a deployment package: the file is not a JAR/ZIP archive");
        }
        if (manifest == null) {
            throw new RejectedDeploymentPackageException(
                    "Not a deployment package: META-INF/MANIFEST.MF is not the first entry of the archive");
        }
        Attributes main = manifest.getMainAttributes();
        String name = main.getValue(SYMBOLIC_NAME);
        if (name == null || name.isBlank()) {
            throw new RejectedDeploymentPackageException("Not a deployment package: the manifest has no " + SYMBOLIC_NAME);
        }
        String version = main.getValue(VERSION);
        if (version == null || version.isBlank()) {
            throw new RejectedDeploymentPackageException("Deployment package " + name + ": the manifest has no " + VERSION);
        }
        try {
            Version.parseVersion(version.trim());
        } catch (IllegalArgumentException e) {
            throw new RejectedDeploymentPackageException(
                    "Deployment package " + name + ": " + VERSION + " '" + version + "' is not an OSGi version");
        }
    }
}
