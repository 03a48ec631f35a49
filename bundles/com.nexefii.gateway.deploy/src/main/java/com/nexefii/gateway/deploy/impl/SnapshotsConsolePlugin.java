package com.nexefii.gateway.deploy.impl;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.owasp.encoder.Encode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.gateway.deploy.ConfigurationSnapshot;
import com.nexefii.gateway.deploy.ConfigurationSnapshots;
import com.nexefii.gateway.deploy.RestoreReport;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The web console's Configuration Snapshots page ({@code /system/console/nexefii-snapshots}): lists
 * the kept snapshots, takes one, restores one. Browsers get the page and a redirect back after each
 * action; clients that accept {@code application/json} get JSON ({@code nexefii-snapshots.json}
 * lists the snapshots) and {@code application/problem+json} for errors.
 */
@Component(
        service = Servlet.class,
        property = {
            ServletConstants.PLUGIN_LABEL + "=" + SnapshotsConsolePlugin.LABEL,
            ServletConstants.PLUGIN_TITLE + "=" + SnapshotsConsolePlugin.TITLE,
            ServletConstants.PLUGIN_CATEGORY + "=Nexefii"
        })
public final class SnapshotsConsolePlugin extends AbstractServlet {

    static final String LABEL = "nexefii-snapshots";
    static final String TITLE = "Configuration Snapshots";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotsConsolePlugin.class);

    private final transient ConfigurationSnapshots snapshots;

    @Activate
    public SnapshotsConsolePlugin(@Reference ConfigurationSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String path = request.getPathInfo();
        if (path != null && path.endsWith(".json")) {
            StringBuilder json = new StringBuilder("[");
            List<ConfigurationSnapshot> all = snapshots.list();
            for (int i = 0; i < all.size(); i++) {
                ConfigurationSnapshot s = all.get(i);
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("id", s.id());
                fields.put("takenAt", s.takenAt().toString());
                fields.put("reason", s.reason() == null ? "" : s.reason());
                fields.put("configurations", (long) s.configurations());
                json.append(i == 0 ? "" : ",").append(SnapshotJson.write(fields).trim());
            }
            writeJson(response, HttpServletResponse.SC_OK, json.append(']').toString());
            return;
        }
        super.doGet(request, response);
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrintWriter out = response.getWriter();
        String outcome = request.getParameter("outcome");
        String detail = request.getParameter("detail");
        if (outcome != null) {
            out.println("<p class=\"statline ui-state-highlight\" id=\"outcome\">" + Encode.forHtml(outcome)
                    + (detail == null ? "" : ": " + Encode.forHtml(detail)) + "</p>");
        }
        List<ConfigurationSnapshot> all = snapshots.list();
        out.println("<p class=\"statline\">" + all.size() + " configuration snapshot(s) kept. One is taken before every"
                + " package install; restoring one takes a snapshot first, so a restore can be undone.</p>");
        out.println("<form method=\"post\" action=\"" + LABEL + "\">"
                + "<input type=\"hidden\" name=\"action\" value=\"take\">"
                + "<input type=\"text\" name=\"reason\" placeholder=\"Reason\" size=\"40\"> "
                + "<input type=\"submit\" id=\"take\" value=\"Take snapshot\"></form>");
        out.println("<table id=\"snapshots\" class=\"nicetable\"><thead><tr><th>Snapshot</th><th>Taken at</th>"
                + "<th>Reason</th><th>Configurations</th><th>Action</th></tr></thead><tbody>");
        for (ConfigurationSnapshot s : all) {
            out.println("<tr><td>" + Encode.forHtml(s.id()) + "</td><td>" + Encode.forHtml(s.takenAt().toString())
                    + "</td><td>" + Encode.forHtml(s.reason() == null ? "" : s.reason()) + "</td><td>"
                    + s.configurations() + "</td><td><form method=\"post\" action=\"" + LABEL + "\">"
                    + "<input type=\"hidden\" name=\"action\" value=\"restore\">"
                    + "<input type=\"hidden\" name=\"id\" value=\"" + Encode.forHtmlAttribute(s.id()) + "\">"
                    + "<input type=\"submit\" value=\"Restore\"></form></td></tr>");
        }
        out.println("</tbody></table>");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String action = request.getParameter("action");
        try {
            if ("take".equals(action)) {
                String reason = request.getParameter("reason");
                reason = reason == null || reason.isBlank() ? "taken from the web console by " + request.getRemoteUser()
                        : reason.trim();
                ConfigurationSnapshot taken = snapshots.take(reason);
                succeed(request, response, "Snapshot taken", taken.id(),
                        Map.of("id", taken.id(), "configurations", (long) taken.configurations()));
            } else if ("restore".equals(action)) {
                String id = request.getParameter("id");
                RestoreReport report = snapshots.restore(id);
                LOG.info("Configuration snapshot {} restored from the web console ({})", id, request.getRemoteUser());
                succeed(request, response, "Restored", id + ": created " + report.created() + ", updated "
                        + report.updated() + ", deleted " + report.deleted() + "; undo with " + report.undoSnapshotId(),
                        Map.of("id", id, "undoSnapshotId", report.undoSnapshotId(),
                                "created", (long) report.created().size(), "updated", (long) report.updated().size(),
                                "deleted", (long) report.deleted().size()));
            } else {
                refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, "Unknown action",
                        "action must be take or restore, was " + action);
            }
        } catch (IllegalArgumentException e) {
            refuse(request, response, HttpServletResponse.SC_NOT_FOUND, "No such snapshot", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Configuration snapshot action {} failed", action, e);
            refuse(request, response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "Snapshot action failed",
                    e.getMessage());
        }
    }

    private static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("json");
    }

    private static void succeed(HttpServletRequest request, HttpServletResponse response, String outcome,
            String detail, Map<String, Object> json) throws IOException {
        if (wantsJson(request)) {
            Map<String, Object> fields = new LinkedHashMap<>(json);
            fields.put("outcome", outcome);
            writeJson(response, HttpServletResponse.SC_OK, SnapshotJson.write(fields).trim());
        } else {
            redirect(response, outcome, detail);
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String title,
            String detail) throws IOException {
        if (wantsJson(request)) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("type", "about:blank");
            fields.put("title", title);
            fields.put("status", (long) status);
            fields.put("detail", detail == null ? "" : detail);
            response.setStatus(status);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(SnapshotJson.write(fields).trim());
        } else {
            redirect(response, title, detail);
        }
    }

    private static void redirect(HttpServletResponse response, String outcome, String detail) {
        // post/redirect/get: reloading the page does not restore twice
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", LABEL + "?outcome=" + URLEncoder.encode(outcome, StandardCharsets.UTF_8)
                + "&detail=" + URLEncoder.encode(detail == null ? "" : detail, StandardCharsets.UTF_8));
    }

    private static void writeJson(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json);
    }
}
