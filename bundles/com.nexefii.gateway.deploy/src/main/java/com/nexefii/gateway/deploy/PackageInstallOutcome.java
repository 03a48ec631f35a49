package com.nexefii.gateway.deploy;

import java.util.Map;
import java.util.Objects;

/**
 * How a {@link PackageInstallService} request ended, kept until the requester confirms it reported it.
 *
 * @param request what was asked
 * @param stage the terminal stage ({@link PackageInstallStage#terminal()})
 * @param details as the listener heard them
 */
public record PackageInstallOutcome(PackageInstallRequest request, PackageInstallStage stage,
        Map<String, String> details) {

    public PackageInstallOutcome {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(stage, "stage");
        details = Map.copyOf(details);
    }
}
