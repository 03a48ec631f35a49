package com.nexefii.local.api;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Copies a servlet request into an {@link ApiRequest} and the handler's answer back. */
final class LocalApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient LocalApiHandler handler;

    LocalApiServlet(LocalApiHandler handler) {
        this.handler = handler;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ApiRequest request = new ApiRequest(req.getMethod(), req.getRequestURI(), req.getHeader("Authorization"),
                req.getContentLengthLong(), req.getRemoteAddr(), req.isSecure(), req.getInputStream(), req.getHeader("Origin"),
                req.getHeader("Access-Control-Request-Method"),
                "true".equalsIgnoreCase(req.getHeader("Access-Control-Request-Private-Network")));
        ApiResponse response = handler.handle(request);
        resp.setStatus(response.status());
        response.headers().forEach(resp::setHeader);
        resp.setContentLength(response.body().length);
        resp.getOutputStream().write(response.body());
    }
}
