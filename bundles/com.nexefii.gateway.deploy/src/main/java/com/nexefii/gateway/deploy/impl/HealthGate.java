package com.nexefii.gateway.deploy.impl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

import com.nexefii.gateway.deploy.HealthReport;
import com.nexefii.gateway.deploy.PackageHealthCheck;

/**
 * Decides whether a package that was just installed or updated is healthy: its bundles are active,
 * none of its components failed to activate, every component that worked before the update works
 * again, and every {@link PackageHealthCheck} passes (those present before the update must be back).
 *
 * <p>"Worked before" is the yardstick because a gateway may run a package whose components wait for
 * configuration nobody gave yet: an update is not blamed for that, only for what it breaks.
 */
final class HealthGate {

    /** What worked before the install: component names that were active or satisfied, and the checks. */
    record Baseline(Set<String> workingComponents, Set<String> checks) {

        static final Baseline NONE = new Baseline(Set.of(), Set.of());
    }

    private final ServiceComponentRuntime scr;
    private final Supplier<Map<String, PackageHealthCheck>> checks;
    private final Duration pollInterval;

    HealthGate(ServiceComponentRuntime scr, Supplier<Map<String, PackageHealthCheck>> checks, Duration pollInterval) {
        this.scr = scr;
        this.checks = checks;
        this.pollInterval = pollInterval;
    }

    Baseline baseline(Collection<Bundle> bundles) {
        Set<String> working = new HashSet<>();
        for (ComponentDescriptionDTO description : descriptions(bundles)) {
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                if (works(configuration)) {
                    working.add(description.name);
                }
            }
        }
        return new Baseline(Set.copyOf(working), Set.copyOf(checks.get().keySet()));
    }

    /**
     * Looks until the package is healthy or the window has passed.
     *
     * @param bundles the package's bundles, asked again at each look (a rollback may replace them)
     */
    HealthReport await(String packageName, Supplier<Collection<Bundle>> bundles, Baseline baseline, Duration window)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + window.toNanos();
        List<String> problems;
        while (true) {
            problems = problems(packageName, bundles.get(), baseline);
            if (problems.isEmpty() || System.nanoTime() - deadline >= 0) {
                break;
            }
            Thread.sleep(Math.min(pollInterval.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        }
        return new HealthReport(problems.isEmpty(), problems, Duration.ofNanos(System.nanoTime() - start));
    }

    List<String> problems(String packageName, Collection<Bundle> bundles, Baseline baseline) {
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : bundles) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && bundle.getState() != Bundle.ACTIVE) {
                problems.add("bundle " + bundle.getSymbolicName() + " " + bundle.getVersion() + " is "
                        + stateName(bundle.getState()) + ", not ACTIVE");
            }
        }
        Set<String> working = new HashSet<>();
        Map<String, Collection<ComponentConfigurationDTO>> byName = new java.util.HashMap<>();
        for (ComponentDescriptionDTO description : descriptions(bundles)) {
            Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(description);
            byName.put(description.name, configurations);
            for (ComponentConfigurationDTO configuration : configurations) {
                if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    problems.add("component " + description.name + " failed to activate: "
                            + (configuration.failure == null ? "no reason given" : firstLine(configuration.failure)));
                } else if (works(configuration)) {
                    working.add(description.name);
                }
            }
        }
        for (String name : baseline.workingComponents()) {
            if (!working.contains(name)) {
                Collection<ComponentConfigurationDTO> configurations = byName.get(name);
                problems.add("component " + name + " worked before the update and does not now"
                        + (configurations == null ? " (not declared by the new version, or not loaded)"
                                : unsatisfied(configurations)));
            }
        }
        Map<String, PackageHealthCheck> current = checks.get();
        for (String gone : baseline.checks()) {
            if (!current.containsKey(gone)) {
                problems.add("health check " + gone + " was there before the update and is gone");
            }
        }
        for (Map.Entry<String, PackageHealthCheck> check : current.entrySet()) {
            try {
                for (String problem : check.getValue().check(packageName, bundles)) {
                    problems.add(check.getKey() + ": " + problem);
                }
            } catch (RuntimeException e) {
                problems.add(check.getKey() + " failed: " + e);
            }
        }
        return problems;
    }

    private List<ComponentDescriptionDTO> descriptions(Collection<Bundle> bundles) {
        if (bundles.isEmpty()) {
            return List.of();
        }
        return scr.getComponentDescriptionDTOs(bundles.toArray(Bundle[]::new)).stream()
                .filter(scr::isComponentEnabled)
                .toList();
    }

    private static boolean works(ComponentConfigurationDTO configuration) {
        return configuration.state == ComponentConfigurationDTO.ACTIVE
                || configuration.state == ComponentConfigurationDTO.SATISFIED;
    }

    private static String unsatisfied(Collection<ComponentConfigurationDTO> configurations) {
        String references = configurations.stream()
                .flatMap(c -> c.unsatisfiedReferences == null ? java.util.stream.Stream.<UnsatisfiedReferenceDTO>empty()
                        : java.util.Arrays.stream(c.unsatisfiedReferences))
                .map(r -> r.name)
                .distinct()
                .collect(Collectors.joining(", "));
        if (configurations.isEmpty()) {
            return " (no configuration)";
        }
        return references.isEmpty() ? "" : " (unsatisfied references: " + references + ")";
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).trim();
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED (unresolved)";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "in state " + state;
        };
    }
}
