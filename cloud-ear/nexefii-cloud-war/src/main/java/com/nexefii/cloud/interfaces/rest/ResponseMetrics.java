package com.nexefii.cloud.interfaces.rest;

import com.nexefii.cloud.infrastructure.metrics.CloudMetrics;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Times every API request per endpoint (method, matched path template, status) and counts
 * responses by status class. The clock starts before anything else runs (even the size limit),
 * so refusals are timed too; for a stream the time is until its headers are sent.
 */
@Provider
@ApplicationScoped
@PreMatching
@Priority(Priorities.AUTHENTICATION - 200)
public class ResponseMetrics implements ContainerRequestFilter, ContainerResponseFilter {

    static final String STARTED = "com.nexefii.cloud.request.started";
    static final String UNMATCHED = "unmatched";

    @Inject
    CloudMetrics metrics;
    @Context
    ResourceInfo resource;

    private final Map<Method, String> templates = new ConcurrentHashMap<>();

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        metrics.httpResponse(response.getStatus());
        if (request.getProperty(STARTED) instanceof Long started) {
            Method method = resource == null ? null : resource.getResourceMethod();
            String endpoint = method == null ? UNMATCHED : templates.computeIfAbsent(method, m -> template(m,
                    resource.getResourceClass()));
            metrics.httpRequest(request.getMethod(), endpoint, response.getStatus(),
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** "/api" + the class's and the method's {@code @Path}: "/api/v1/properties/{propertyId}/locks/{lockId}/unlock". */
    static String template(Method method, Class<?> type) {
        Path classPath = null;
        for (Class<?> c = type == null ? method.getDeclaringClass() : type; c != null && classPath == null;
                c = c.getSuperclass()) {
            classPath = c.getAnnotation(Path.class); // a CDI proxy subclass does not repeat the annotation
        }
        Path methodPath = method.getAnnotation(Path.class);
        StringBuilder template = new StringBuilder("/api");
        for (Path p : new Path[] { classPath, methodPath }) {
            if (p != null) {
                String value = p.value().replaceAll("^/+|/+$", "");
                if (!value.isEmpty()) {
                    template.append('/').append(value);
                }
            }
        }
        return template.toString();
    }
}
