package com.nexefii.lock.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/** Hot-swap tests: a "version 2" of an installed bundle, built inside the test from its own content. */
public final class BundleRebuilder {

    private BundleRebuilder() {
    }

    /** The bundle's own entries with {@code Bundle-Version} set to {@code version}, as jar bytes for {@code Bundle.update}. */
    public static byte[] rebuild(Bundle bundle, Version version) throws IOException {
        Manifest manifest;
        try (InputStream in = bundle.getEntry("META-INF/MANIFEST.MF").openStream()) {
            manifest = new Manifest(in);
        }
        manifest.getMainAttributes().put(new Attributes.Name(Constants.BUNDLE_VERSION), version.toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (URL entry : Collections.list(bundle.findEntries("/", "*", true))) {
                String path = entry.getPath().substring(1);
                if (path.endsWith("/") || path.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(path));
                try (InputStream in = entry.openStream()) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The bundle's version with a unique qualifier, so each rebuild is a new version. */
    public static Version nextVersion(Bundle bundle) {
        Version old = bundle.getVersion();
        return new Version(old.getMajor(), old.getMinor(), old.getMicro(), "hotswap" + System.nanoTime());
    }
}
