package com.nexefii.cloud.interfaces.rest;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Request bodies larger than {@code nexefii.api.max-body-bytes} are refused with 413: at once when
 * Content-Length says so, while reading when the body is chunked.
 */
@Provider
@jakarta.enterprise.context.ApplicationScoped
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class RequestLimits implements ContainerRequestFilter {

    @Inject
    @ConfigProperty(name = "nexefii.api.max-body-bytes", defaultValue = "65536")
    long maxBodyBytes;

    @Context
    UriInfo uri;

    /** Package uploads (platform admin) carry whole deployment packages: their own, larger limit. */
    @Inject
    @ConfigProperty(name = "nexefii.packages.max-bytes", defaultValue = "67108864")
    long maxPackageBytes;

    @Override
    public void filter(ContainerRequestContext request) {
        long limit = "POST".equals(request.getMethod()) && uri.getRequestUri().getPath().endsWith("/api/v1/packages")
                ? maxPackageBytes : maxBodyBytes;
        int declared = request.getLength();
        if (declared > limit) {
            request.abortWith(tooLarge(limit));
            return;
        }
        if (request.hasEntity()) {
            request.setEntityStream(new Bounded(request.getEntityStream(), limit));
        }
    }

    private jakarta.ws.rs.core.Response tooLarge(long limit) {
        // the unread rest of the body makes the connection unusable: close it
        return Problems.responseBuilder(new Problem(Problems.TYPE_BASE + "payload-too-large", "Payload too large", 413,
                "request body exceeds " + limit + " bytes", uri.getRequestUri().getPath(), null)).header("Connection", "close").build();
    }

    private final class Bounded extends FilterInputStream {
        private final long limit;
        private long count;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) {
            count += n;
            if (count > limit) {
                throw new jakarta.ws.rs.WebApplicationException(tooLarge(limit));
            }
        }
    }
}
