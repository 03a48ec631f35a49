package com.nexefii.gateway.runtime.launcher;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.nio.file.Files;
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
        System.out.println("Nexefii gateway starting: config " + commandLine.config() + ", data " + commandLine.data()
                + ", web console http://" + commandLine.host() + ":" + commandLine.port() + "/system/console");

        // The launcher's own arguments are not ours; it gets none so it cannot misread them.
        MethodHandle launcher = MethodHandles.publicLookup().findStatic(Class.forName(BND_EMBEDDED_LAUNCHER), "main",
                MethodType.methodType(void.class, String[].class)).asFixedArity();
        launcher.invoke(new String[0]);
    }
}
