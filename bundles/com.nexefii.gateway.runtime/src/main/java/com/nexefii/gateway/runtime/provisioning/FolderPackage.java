package com.nexefii.gateway.runtime.provisioning;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.osgi.framework.Version;

/**
 * A deployment package file in the provisioning folder, as far as the install order needs it: its name,
 * its version, and the Java packages its bundles export and import. Nothing here is trusted: the
 * installer verifies the signature before anything is installed.
 *
 * @param file the {@code .dp} file
 * @param name {@code DeploymentPackage-SymbolicName}
 * @param version {@code DeploymentPackage-Version}
 * @param exports packages its bundles export
 * @param imports packages its bundles import and do not export themselves
 */
record FolderPackage(Path file, String name, Version version, Set<String> exports, Set<String> imports) {

    FolderPackage {
        exports = Set.copyOf(exports);
        imports = Set.copyOf(imports);
    }

    /**
     * @throws IOException when the file is not a readable JAR or lacks the deployment package headers
     */
    static FolderPackage read(Path file) throws IOException {
        try (JarFile jar = new JarFile(file.toFile(), false)) {
            Manifest manifest = jar.getManifest();
            Attributes main = manifest == null ? null : manifest.getMainAttributes();
            String name = main == null ? null : main.getValue("DeploymentPackage-SymbolicName");
            String version = main == null ? null : main.getValue("DeploymentPackage-Version");
            if (name == null || version == null) {
                throw new IOException("no DeploymentPackage-SymbolicName/-Version in its manifest");
            }
            Set<String> exports = new HashSet<>();
            Set<String> imports = new HashSet<>();
            for (Map.Entry<String, Attributes> entry : manifest.getEntries().entrySet()) {
                if (entry.getValue().getValue("Bundle-SymbolicName") == null) {
                    continue;
                }
                ZipEntry bundle = jar.getEntry(entry.getKey());
                if (bundle == null) {
                    continue; // a fix pack may leave a bundle out; the installer judges that
                }
                try (InputStream in = jar.getInputStream(bundle); JarInputStream bundleJar = new JarInputStream(in)) {
                    Manifest bundleManifest = bundleJar.getManifest();
                    if (bundleManifest != null) {
                        exports.addAll(packageNames(bundleManifest.getMainAttributes().getValue("Export-Package")));
                        imports.addAll(packageNames(bundleManifest.getMainAttributes().getValue("Import-Package")));
                    }
                }
            }
            imports.removeAll(exports);
            try {
                return new FolderPackage(file, name.trim(), Version.parseVersion(version.trim()), exports, imports);
            } catch (IllegalArgumentException e) {
                throw new IOException("DeploymentPackage-Version " + version + " is not an OSGi version", e);
            }
        }
    }

    /** The package names of an Export-Package or Import-Package header (attributes and directives dropped). */
    static List<String> packageNames(String header) {
        List<String> names = new ArrayList<>();
        if (header == null) {
            return names;
        }
        for (String clause : split(header, ',')) {
            for (String part : split(clause, ';')) {
                String token = part.trim();
                if (!token.isEmpty() && !token.contains("=")) {
                    names.add(token);
                }
            }
        }
        return names;
    }

    /** Splits at {@code separator} outside double quotes (version ranges hold commas). */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }
}
