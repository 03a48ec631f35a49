package com.nexefii.cloud.interfaces.rest;

import com.nexefii.cloud.infrastructure.metrics.CloudMetrics;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/** Counts API responses by status class. */
@Provider
@jakarta.enterprise.context.ApplicationScoped
public class ResponseMetrics implements ContainerResponseFilter {

    @Inject
    CloudMetrics metrics;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        metrics.httpResponse(response.getStatus());
    }
}
