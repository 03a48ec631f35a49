package com.nexefii.gateway.deploy.impl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipException;

import org.osgi.framework.Version;

import com.nexefii.gateway.deploy.PackageRejectedException;
import com.nexefii.gateway.deploy.VerifiedPackage;

/**
 * Checks a deployment package the way the OSGi Deployment Admin specification (114.4) describes a
 * signed one, against the gateway's own trusted certificates: the manifest first, its signature files
 * right after it, and every other entry signed by a trusted signer with content matching its signed
 * digest. Streaming ({@link JarInputStream} with verification) is the order the specification requires,
 * so a signature placed anywhere else does not count.
 */
final class SignedPackageVerifier {

    static final String SYMBOLIC_NAME = "DeploymentPackage-SymbolicName";
    static final String VERSION = "DeploymentPackage-Version";
    static final String FIX_PACK = "DeploymentPackage-FixPack";
    static final String MISSING = "DeploymentPackage-Missing";

    private final TrustedCertificates trusted;

    SignedPackageVerifier(TrustedCertificates trusted) {
        this.trusted = trusted;
    }

    VerifiedPackage verify(Path file) throws PackageRejectedException, IOException {
        return verify(file, false);
    }

    /**
     * Checks a signed bundle JAR: every entry signed by a trusted signer and untouched. The result
     * names the bundle: its symbolic name and version in place of the package's.
     */
    VerifiedPackage verifyBundle(Path file) throws PackageRejectedException, IOException {
        return verify(file, true);
    }

    private VerifiedPackage verify(Path file, boolean bundle) throws PackageRejectedException, IOException {
        if (trusted.isEmpty()) {
            throw new PackageRejectedException("No package can be installed: the gateway trusts no signing certificate"
                    + " yet (configuration " + PackageInstallerComponent.PID + ", trustedCertificates)");
        }
        if (!isZip(file)) {
            throw new PackageRejectedException("Not a deployment package: the file is not a JAR/ZIP archive");
        }
        try (InputStream raw = Files.newInputStream(file); JarInputStream jar = new JarInputStream(raw, true)) {
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                throw new PackageRejectedException(
                        "Not a deployment package: META-INF/MANIFEST.MF is not the first entry of the archive");
            }
            Attributes main = manifest.getMainAttributes();
            String name = bundle ? requiredBundle(main, "Bundle-SymbolicName", "the JAR").split(";", 2)[0].trim()
                    : required(main, SYMBOLIC_NAME, "the package");
            String version = bundle ? requiredBundle(main, "Bundle-Version", name) : required(main, VERSION, name);
            try {
                Version.parseVersion(version);
            } catch (IllegalArgumentException e) {
                throw new PackageRejectedException(name + ": " + VERSION + " '" + version + "' is not an OSGi version");
            }
            Set<String> present = new HashSet<>();
            X509Certificate signer = null;
            boolean signatureSeen = false;
            byte[] buffer = new byte[16 * 1024];
            JarEntry entry;
            while ((entry = nextEntry(jar, name)) != null) {
                String path = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                readFully(jar, buffer, name, path);
                if (isSignatureFile(path)) {
                    signatureSeen = true;
                    continue;
                }
                CodeSigner[] signers = entry.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    throw new PackageRejectedException(signatureSeen
                            ? name + " " + version + " was tampered with: " + path
                                    + " is not covered by the signature (added, or its manifest entry changed)"
                            : name + " " + version + " is not signed: install only packages signed with the"
                                    + " Nexefii package signing key");
                }
                X509Certificate entrySigner = trustedSigner(signers, name, version, path);
                signer = signer == null ? entrySigner : signer;
                if (!bundle && !manifest.getEntries().containsKey(path)) {
                    throw new PackageRejectedException(
                            name + " " + version + ": " + path + " is not described in the manifest");
                }
                present.add(path);
            }
            List<String> bundles = new ArrayList<>();
            for (Map.Entry<String, Attributes> section : bundle ? Map.<String, Attributes>of().entrySet()
                    : manifest.getEntries().entrySet()) {
                Attributes attributes = section.getValue();
                boolean missing = "true".equalsIgnoreCase(trim(attributes.getValue(MISSING)));
                if (!missing && !present.contains(section.getKey())) {
                    throw new PackageRejectedException(name + " " + version + " is incomplete: the manifest lists "
                            + section.getKey() + " but the archive does not contain it");
                }
                String bsn = attributes.getValue("Bundle-SymbolicName");
                if (bsn != null) {
                    bundles.add(bsn.split(";", 2)[0].trim() + " " + trim(attributes.getValue("Bundle-Version")));
                }
            }
            if (signer == null) {
                throw new PackageRejectedException(name + " " + version + " is not signed: it has no signed entry");
            }
            if (bundle) {
                bundles.add(name + " " + Version.parseVersion(version));
            }
            String fixPack = bundle ? null : trim(main.getValue(FIX_PACK));
            return new VerifiedPackage(name, Version.parseVersion(version).toString(), fixPack,
                    signer.getSubjectX500Principal().getName(), TrustedCertificates.fingerprint(signer), bundles);
        } catch (ZipException e) {
            throw new PackageRejectedException("Not a deployment package: the file is not a JAR/ZIP archive ("
                    + e.getMessage() + ")");
        } catch (SecurityException e) {
            // thrown by the JDK's verifier for a signature file that does not match the manifest
            throw new PackageRejectedException("The package was tampered with: its signature does not match its"
                    + " content (" + e.getMessage() + ")", e);
        }
    }

    private static JarEntry nextEntry(JarInputStream jar, String name) throws IOException, PackageRejectedException {
        try {
            return jar.getNextJarEntry();
        } catch (SecurityException e) {
            throw new PackageRejectedException(name + " was tampered with: " + e.getMessage(), e);
        }
    }

    private static void readFully(JarInputStream jar, byte[] buffer, String name, String path)
            throws IOException, PackageRejectedException {
        try {
            while (jar.read(buffer) >= 0) {
                // the verifier digests what is read; the content itself is Deployment Admin's business
            }
        } catch (SecurityException e) {
            throw new PackageRejectedException(name + " was tampered with: " + (isSignatureFile(path)
                    ? "its manifest no longer matches its signature " + path + " (" + e.getMessage() + ")"
                    : "the content of " + path + " does not match its signed digest"), e);
        }
    }

    private X509Certificate trustedSigner(CodeSigner[] signers, String name, String version, String path)
            throws PackageRejectedException {
        List<String> seen = new ArrayList<>();
        for (CodeSigner codeSigner : signers) {
            List<? extends java.security.cert.Certificate> chain = codeSigner.getSignerCertPath().getCertificates();
            if (chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
                continue;
            }
            seen.add(leaf.getSubjectX500Principal().getName() + " (SHA-256 " + TrustedCertificates.fingerprint(leaf)
                    + ")");
            if (trusted.anchorOf(chain) != null) {
                try {
                    leaf.checkValidity();
                } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                    throw new PackageRejectedException(name + " " + version + " is signed by "
                            + leaf.getSubjectX500Principal().getName() + " whose certificate is valid only from "
                            + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant());
                }
                return leaf;
            }
        }
        throw new PackageRejectedException(name + " " + version + " is signed by an untrusted signer: " + path
                + " is signed by " + String.join(", ", seen) + ", which is not a trusted certificate of this gateway");
    }

    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        }
    }

    /** Signature-related files the JAR specification reserves in META-INF. */
    static boolean isSignatureFile(String path) {
        String upper = path.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC")
                || upper.startsWith("META-INF/SIG-");
    }

    private static String required(Attributes main, String header, String what) throws PackageRejectedException {
        String value = trim(main.getValue(header));
        if (value == null || value.isEmpty()) {
            throw new PackageRejectedException("Not a deployment package: " + what + " has no " + header
                    + " in its manifest");
        }
        return value;
    }

    private static String requiredBundle(Attributes main, String header, String what)
            throws PackageRejectedException {
        String value = trim(main.getValue(header));
        if (value == null || value.isEmpty()) {
            throw new PackageRejectedException("Not a bundle: " + what + " has no " + header + " in its manifest");
        }
        return value;
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
