package com.nexefii.gateway.console;

import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Objects;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the web console never answers to its built-in admin/admin. At activation it gives the
 * console's own configuration (PID {@value #WEBCONSOLE_PID}) a password hash, unless one is there:
 * <ol>
 * <li>an operator password ({@value #PASSWORD_PROPERTY} framework property, or the
 * {@value #PASSWORD_ENVIRONMENT} environment variable) always wins and is stored hashed;</li>
 * <li>a password already configured (an earlier start, the console's own configuration page, or a
 * file in the config directory) is kept;</li>
 * <li>otherwise a password is generated, stored hashed, and printed once on standard output.</li>
 * </ol>
 * The runtime starts the console locked (a framework property password nothing matches) until
 * this configuration arrives, so there is no admin/admin window at first start.
 */
@Component(immediate = true)
public final class ConsoleCredentialsProvisioner {

    static final String WEBCONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    static final String PASSWORD_PROPERTY = "nexefii.console.password";
    static final String PASSWORD_ENVIRONMENT = "NEXEFII_CONSOLE_PASSWORD";
    static final String USERNAME_PROPERTY = "nexefii.console.username";
    static final String DEFAULT_USERNAME = "admin";
    static final String REALM = "Nexefii Gateway";

    /** Property names of the web console's configuration. */
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String REALM_KEY = "realm";

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleCredentialsProvisioner.class);

    enum Outcome { KEPT, OPERATOR_PASSWORD, GENERATED }

    /**
     * What to do with the console configuration.
     *
     * @param outcome which rule applied
     * @param properties the configuration to store, or null to leave it alone
     * @param generatedPassword the clear password to show once, or null
     */
    record Decision(Outcome outcome, Hashtable<String, Object> properties, String generatedPassword) {
    }

    @Activate
    public ConsoleCredentialsProvisioner(BundleContext context, @Reference ConfigurationAdmin configurationAdmin)
            throws IOException {
        String operatorPassword = firstNonBlank(context.getProperty(PASSWORD_PROPERTY), System.getenv(PASSWORD_ENVIRONMENT));
        String username = Objects.requireNonNullElse(firstNonBlank(context.getProperty(USERNAME_PROPERTY)), DEFAULT_USERNAME);

        // "?" binds the configuration to whichever bundle registers the PID: the web console, not us.
        Configuration configuration = configurationAdmin.getConfiguration(WEBCONSOLE_PID, "?");
        Decision decision = decide(configuration.getProperties(), operatorPassword, username, new SecureRandom());
        switch (decision.outcome()) {
            case KEPT -> LOG.info("Web console credentials already configured (PID {}); leaving them as they are",
                    WEBCONSOLE_PID);
            case OPERATOR_PASSWORD -> {
                configuration.update(decision.properties());
                LOG.info("Web console password for user '{}' set from {} / {}", username, PASSWORD_PROPERTY,
                        PASSWORD_ENVIRONMENT);
            }
            case GENERATED -> {
                configuration.update(decision.properties());
                // Standard output, not the logger: the clear password must not end up in the log files.
                printBanner(System.out, consoleUrl(context), username, decision.generatedPassword());
                LOG.warn("Web console password for user '{}' generated and shown once on standard output; only its"
                        + " hash is stored", username);
            }
        }
    }

    static Decision decide(Dictionary<String, Object> current, String operatorPassword, String username,
            SecureRandom random) {
        Hashtable<String, Object> properties = copy(current);
        Object storedPassword = properties.get(PASSWORD);
        if (operatorPassword != null) {
            if (storedPassword instanceof String stored && ConsolePassword.matches(stored, operatorPassword)
                    && username.equals(properties.get(USERNAME))) {
                return new Decision(Outcome.KEPT, null, null);
            }
            withCredentials(properties, username, ConsolePassword.hash(operatorPassword, random));
            return new Decision(Outcome.OPERATOR_PASSWORD, properties, null);
        }
        if (storedPassword instanceof String stored && !stored.isBlank()) {
            return new Decision(Outcome.KEPT, null, null);
        }
        String generated = ConsolePassword.generate(random);
        withCredentials(properties, username, ConsolePassword.hash(generated, random));
        return new Decision(Outcome.GENERATED, properties, generated);
    }

    static void printBanner(PrintStream out, String consoleUrl, String username, String password) {
        String rule = "=".repeat(78);
        out.println(rule);
        out.println(" Nexefii gateway web console: " + consoleUrl);
        out.println(" user:     " + username);
        out.println(" password: " + password);
        out.println(" Generated at first start and shown only this once; only its hash is stored.");
        out.println(" Change it on the console's Configuration page (Apache Felix OSGi Management Console)");
        out.println(" or start the gateway with " + PASSWORD_ENVIRONMENT + " set.");
        out.println(rule);
        out.flush();
    }

    private static String consoleUrl(BundleContext context) {
        String host = Objects.requireNonNullElse(context.getProperty("org.apache.felix.http.host"), "127.0.0.1");
        String port = Objects.requireNonNullElse(context.getProperty("org.osgi.service.http.port"), "8080");
        String root = Objects.requireNonNullElse(context.getProperty("felix.webconsole.manager.root"), "/system/console");
        return "http://" + host + ":" + port + root;
    }

    private static void withCredentials(Hashtable<String, Object> properties, String username, String passwordHash) {
        properties.put(USERNAME, username);
        properties.put(PASSWORD, passwordHash);
        properties.putIfAbsent(REALM_KEY, REALM);
    }

    private static Hashtable<String, Object> copy(Dictionary<String, Object> current) {
        Hashtable<String, Object> properties = new Hashtable<>();
        if (current != null) {
            for (Enumeration<String> keys = current.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                properties.put(key, current.get(key));
            }
        }
        return properties;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
