package com.nexefii.cloud.interfaces.bench.rest;

import com.nexefii.cloud.interfaces.rest.Problem;
import com.nexefii.cloud.interfaces.rest.Problems;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Keeps the benchmark endpoints answering 404, as if they did not exist, unless
 * {@code nexefii.bench.enabled} is true. The refusal runs before authentication, so that a
 * disabled endpoint looks the same to everyone, with or without a token.
 */
@Provider
public class BenchSwitch implements DynamicFeature {

    public static final String ENABLED = "nexefii.bench.enabled";

    private final Boolean enabled;

    public BenchSwitch() {
        this.enabled = null; // read from MicroProfile Config when the resources are configured
    }

    BenchSwitch(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        if (resource.getResourceClass() == null || !BenchResource.class.isAssignableFrom(resource.getResourceClass())
                || enabled()) {
            return;
        }
        context.register((ContainerRequestFilter) request -> request.abortWith(Problems.response(new Problem(
                Problems.TYPE_BASE + "not-found", "Not Found", 404, "Not Found", request.getUriInfo().getRequestUri()
                        .getPath(), null))), Priorities.AUTHENTICATION - 1);
    }

    boolean enabled() {
        if (enabled != null) {
            return enabled;
        }
        return ConfigProvider.getConfig().getOptionalValue(ENABLED, Boolean.class).orElse(false);
    }
}
