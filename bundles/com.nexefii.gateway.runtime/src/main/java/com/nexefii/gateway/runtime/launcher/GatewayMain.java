package com.nexefii.gateway.runtime.launcher;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code gateway.jar}: turns the command line into framework properties, prepares the
 * data directory, then hands over to bnd's embedded launcher, which starts Felix with the bundles
 * inside the jar. Kept free of OSGi types: it runs before the framework exists.
 */
public final class GatewayMain {

    static final String BND_EMBEDDED_LAUNCHER = "aQute.launcher.pre.EmbeddedLauncher";
    static final String DEFAULT_LOGBACK = "default-logback.xml";
    /** System property the shipped BLE configuration reads through FileInstall's ${...} substitution. */
    static final String BLE_MASTER_KEY_PROPERTY = "nexefii.ble.masterKey";
    static final String BLE_MASTER_KEY_ENV = "NEXEFII_BLE_MASTER_KEY";
    static final String BLE_MASTER_KEY_FILE = "secrets/ble-master-key";
    /**
     * bnd's launcher gives every bundle it did not install itself (deployment packages, the console's
     * Bundles page) this start level; its own default is one above the highest level in gateway.bndrun,
     * which the framework never reaches. 10: after the platform (6), before Jetty (15) and the console (20).
     */
    static final String INSTALLED_BUNDLE_START_LEVEL_PROPERTY = "launch.startlevel.default";
    static final String INSTALLED_BUNDLE_START_LEVEL = "10";

    private GatewayMain() {
    }

    public static void main(String[] args) throws Throwable {
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.println(GatewayCommandLine.USAGE);
            return;
        }
        GatewayCommandLine commandLine;
        try {
            commandLine = GatewayCommandLine.parse(arguments, System.getProperties());
            Files.createDirectories(commandLine.logDirectory());
            Files.createDirectories(commandLine.frameworkStorage());
            if (System.getProperty(BLE_MASTER_KEY_PROPERTY) == null) {
                System.setProperty(BLE_MASTER_KEY_PROPERTY, bleMasterKey(commandLine.data(), System.getenv(BLE_MASTER_KEY_ENV)));
            }
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("gateway: " + e.getMessage());
            System.err.println(GatewayCommandLine.USAGE);
            System.exit(2);
            return;
        }
        URL defaultLogback = GatewayMain.class.getResource(DEFAULT_LOGBACK);
        Map<String, String> properties = commandLine.frameworkProperties(
                defaultLogback == null ? "" : defaultLogback.toExternalForm(), System.console() != null);
        properties.forEach(System::setProperty);
        if (System.getProperty(INSTALLED_BUNDLE_START_LEVEL_PROPERTY) == null) {
            System.setProperty(INSTALLED_BUNDLE_START_LEVEL_PROPERTY, INSTALLED_BUNDLE_START_LEVEL);
        }
        System.out.println("Nexefii gateway starting: config " + commandLine.config() + ", data " + commandLine.data()
                + ", web console http://" + commandLine.host() + ":" + commandLine.port() + "/system/console");

        // The launcher's own arguments are not ours; it gets none so it cannot misread them.
        MethodHandle launcher = MethodHandles.publicLookup().findStatic(Class.forName(BND_EMBEDDED_LAUNCHER), "main",
                MethodType.methodType(void.class, String[].class)).asFixedArity();
        launcher.invoke(new String[0]);
    }

    /**
     * The BLE site master key: the environment's if set, otherwise one generated at the first start and
     * kept (owner-only) in the data directory, so no key ships in the repository or the demo config.
     */
    static String bleMasterKey(Path data, String fromEnvironment) throws IOException {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.trim();
        }
        Path file = data.resolve(BLE_MASTER_KEY_FILE);
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException anotherStart) {
                return Files.readString(file).trim();
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
        }
        return Files.readString(file).trim();
    }
}
