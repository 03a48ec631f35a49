package com.nexefii.gateway.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentPackage;
import org.osgi.service.metatype.annotations.Designate;
import org.owasp.encoder.Encode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.gateway.deploy.InstallOutcome;
import com.nexefii.gateway.deploy.InstallReport;
import com.nexefii.gateway.deploy.PackageInstaller;
import com.nexefii.gateway.deploy.PackageRejectedException;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

/**
 * The web console's Deployment Packages page ({@code /system/console/deployment}): lists the
 * installed packages with their bundles, installs or updates one from an uploaded {@code .dp}, and
 * uninstalls one. Felix has no deployment package page for web console 5, so the gateway brings
 * its own.
 *
 * <p>Browsers get the page and a redirect back to it after each action; clients that accept
 * {@code application/json} get JSON ({@code deployment.json} lists the packages) and
 * {@code application/problem+json} for refusals.
 *
 * <p>An upload is spooled to the bundle's data area, passes every {@link DeploymentPackageCheck},
 * and only then goes to the gateway's {@link PackageInstaller}, which verifies its signature against
 * the trusted certificates before Deployment Admin sees it, waits for the new version to be healthy
 * and rolls back by itself when it is not; a refused file never touches the framework.
 */
@Component(
        service = Servlet.class,
        configurationPid = DeploymentPackagesPlugin.PID,
        property = {
            ServletConstants.PLUGIN_LABEL + "=" + DeploymentPackagesPlugin.LABEL,
            ServletConstants.PLUGIN_TITLE + "=" + DeploymentPackagesPlugin.TITLE,
            ServletConstants.PLUGIN_CATEGORY + "=OSGi"
        })
@Designate(ocd = DeploymentPackagesPluginConfig.class)
public final class DeploymentPackagesPlugin extends AbstractServlet {

    static final String PID = "com.nexefii.gateway.console.deployment";
    static final String LABEL = "deployment";
    static final String TITLE = "Deployment Packages";
    /** Form field of the uploaded file. */
    static final String FILE_FIELD = "deploymentpackage";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentPackagesPlugin.class);
    /** What the page and its JSON ({@code outcome}, lower case) call each ending of an install. */
    private static final Map<InstallOutcome, String> OUTCOMES = Map.of(InstallOutcome.INSTALLED, "Installed",
            InstallOutcome.UPDATED, "Updated", InstallOutcome.UNCHANGED, "Unchanged", InstallOutcome.ROLLED_BACK,
            "Rolled back", InstallOutcome.FAILED, "Not installed");

    private final transient DeploymentAdmin deploymentAdmin;
    private final transient PackageInstaller installer;
    private final transient DeploymentPackagesPluginOptions options;
    private final transient List<DeploymentPackageCheck> checks;
    private final transient Path uploads;

    @Activate
    public DeploymentPackagesPlugin(@Reference DeploymentAdmin deploymentAdmin, @Reference PackageInstaller installer,
            DeploymentPackagesPluginConfig config, BundleContext context) throws IOException {
        this.deploymentAdmin = deploymentAdmin;
        this.installer = installer;
        this.options = DeploymentPackagesPluginOptions.from(config);
        this.checks = List.of(new DeploymentPackageManifestCheck());
        this.uploads = Files.createDirectories(context.getDataFile("uploads").toPath());
        LOG.info("Deployment packages page active: uploads up to {} MB", options.maxUploadMegabytes());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String path = request.getPathInfo();
        if (path != null && path.endsWith(".json")) {
            response.setStatus(HttpServletResponse.SC_OK);
            writeJson(response, listing());
            return;
        }
        super.doGet(request, response);
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<DeploymentPackage> packages = installedPackages();
        PrintWriter out = response.getWriter();
        String outcome = request.getParameter("outcome");
        String detail = request.getParameter("detail");
        if (outcome != null) {
            out.println("<p class=\"statline ui-state-highlight\">" + Encode.forHtml(outcome)
                    + (detail == null ? "" : ": " + Encode.forHtml(detail)) + "</p>");
        }
        out.println("<p class=\"statline\">" + packages.size() + " deployment package(s) installed. Uploads up to "
                + options.maxUploadMegabytes() + " MB.</p>");
        out.println("<form method=\"post\" enctype=\"multipart/form-data\" action=\"" + LABEL + "\">"
                + "<input type=\"hidden\" name=\"action\" value=\"install\">"
                + "<input type=\"file\" name=\"" + FILE_FIELD + "\" accept=\".dp\"> "
                + "<input type=\"submit\" value=\"Install or update\"></form>");
        out.println("<table id=\"deploymentpackages\" class=\"nicetable\"><thead><tr>"
                + "<th>Name</th><th>Version</th><th>Bundles</th><th>Action</th></tr></thead><tbody>");
        for (DeploymentPackage dp : packages) {
            String bundles = Arrays.stream(dp.getBundleInfos())
                    .map(b -> Encode.forHtml(b.getSymbolicName() + " " + b.getVersion()))
                    .collect(Collectors.joining("<br>"));
            out.println("<tr><td>" + Encode.forHtml(dp.getName()) + "</td><td>" + Encode.forHtml(dp.getVersion().toString())
                    + "</td><td>" + bundles + "</td><td><form method=\"post\" action=\"" + LABEL + "\">"
                    + "<input type=\"hidden\" name=\"action\" value=\"uninstall\">"
                    + "<input type=\"hidden\" name=\"name\" value=\"" + Encode.forHtmlAttribute(dp.getName()) + "\">"
                    + "<input type=\"submit\" value=\"Uninstall\"></form></td></tr>");
        }
        out.println("</tbody></table>");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String action = request.getParameter("action");
        if ("install".equals(action)) {
            install(request, response);
        } else if ("uninstall".equals(action)) {
            uninstall(request, response);
        } else {
            refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, "Unknown action",
                    "action must be install or uninstall, was " + action);
        }
    }

    private void install(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        Part part;
        try {
            part = request.getPart(FILE_FIELD);
        } catch (ServletException | IllegalStateException e) {
            refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, "Not a file upload",
                    "send the .dp as multipart/form-data field '" + FILE_FIELD + "'");
            return;
        }
        if (part == null || part.getSize() == 0) {
            refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, "No file",
                    "choose a .dp file (multipart field '" + FILE_FIELD + "')");
            return;
        }
        if (part.getSize() > options.maxUploadBytes()) {
            refuse(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "Deployment package too large",
                    part.getSize() + " bytes is more than the " + options.maxUploadMegabytes() + " MB limit");
            return;
        }
        Path spooled = Files.createTempFile(uploads, "upload-", ".dp");
        try {
            try (InputStream in = part.getInputStream(); OutputStream out = Files.newOutputStream(spooled)) {
                in.transferTo(out);
            }
            for (DeploymentPackageCheck check : checks) {
                check.verify(spooled);
            }
            // The installer verifies the signature, installs, waits for the health gate and rolls back
            // by itself; the page only reports how it ended.
            String user = request.getRemoteUser();
            InstallReport report = installer.install(spooled,
                    (step, detail) -> LOG.info("Web console install ({}) of '{}': {} {}", user,
                            part.getSubmittedFileName(), step, detail));
            String outcome = OUTCOMES.get(report.outcome());
            if (report.outcome().succeeded()) {
                LOG.info("{} deployment package {} {} from the web console ({})", outcome, report.packageName(),
                        report.runningVersion(), user);
                succeed(request, response, outcome, report.packageName() + " " + report.runningVersion(),
                        Map.of("name", report.packageName(), "version", report.runningVersion()));
            } else {
                refuse(request, response, HttpServletResponse.SC_CONFLICT, outcome,
                        report.packageName() + " " + report.requestedVersion() + ": " + report.detail()
                                + (report.runningVersion() == null ? "" : "; running: " + report.runningVersion()));
            }
        } catch (RejectedDeploymentPackageException | PackageRejectedException e) {
            LOG.warn("Refused uploaded deployment package '{}': {}", part.getSubmittedFileName(), e.getMessage());
            refuse(request, response, 422, "Deployment package refused", e.getMessage());
        } finally {
            Files.deleteIfExists(spooled);
        }
    }

    private void uninstall(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        DeploymentPackage dp = name == null ? null : deploymentAdmin.getDeploymentPackage(name);
        if (dp == null) {
            refuse(request, response, HttpServletResponse.SC_NOT_FOUND, "No such deployment package",
                    "no deployment package named '" + name + "' is installed");
            return;
        }
        String version;
        try {
            version = installer.uninstall(name);
        } catch (PackageRejectedException e) {
            refuse(request, response, HttpServletResponse.SC_CONFLICT, "Deployment package not uninstalled",
                    e.getMessage());
            return;
        }
        LOG.info("Uninstalled deployment package {} {} from the web console ({})", name, version,
                request.getRemoteUser());
        succeed(request, response, "Uninstalled", name + " " + version, Map.of("name", name, "version", version));
    }

    private List<DeploymentPackage> installedPackages() {
        List<DeploymentPackage> packages = new ArrayList<>(Arrays.asList(deploymentAdmin.listDeploymentPackages()));
        packages.sort(Comparator.comparing(DeploymentPackage::getName));
        return packages;
    }

    private String listing() {
        return installedPackages().stream()
                .map(dp -> "{\"name\":" + Json.string(dp.getName()) + ",\"version\":"
                        + Json.string(dp.getVersion().toString()) + ",\"bundles\":["
                        + Arrays.stream(dp.getBundleInfos()).map(DeploymentPackagesPlugin::bundleJson)
                                .collect(Collectors.joining(","))
                        + "]}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static String bundleJson(BundleInfo bundle) {
        return "{\"symbolicName\":" + Json.string(bundle.getSymbolicName()) + ",\"version\":"
                + Json.string(bundle.getVersion().toString()) + "}";
    }


    private static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("json");
    }

    private static void succeed(HttpServletRequest request, HttpServletResponse response, String outcome, String detail,
            Map<String, String> json) throws IOException {
        if (wantsJson(request)) {
            response.setStatus(HttpServletResponse.SC_OK);
            Map<String, Object> fields = new TreeMap<>(json);
            fields.put("outcome", outcome.toLowerCase(Locale.ROOT));
            writeJson(response, Json.object(fields));
        } else {
            redirectToPage(response, outcome, detail);
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String title,
            String detail) throws IOException {
        if (wantsJson(request)) {
            response.setStatus(status);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(Json.object(
                    Map.of("type", "about:blank", "title", title, "status", status, "detail", detail)));
        } else {
            redirectToPage(response, title, detail);
        }
    }

    private static void redirectToPage(HttpServletResponse response, String outcome, String detail) throws IOException {
        // Post/redirect/get: a reload of the page does not repeat the install.
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", LABEL + "?outcome=" + URLEncoder.encode(outcome, StandardCharsets.UTF_8)
                + "&detail=" + URLEncoder.encode(detail, StandardCharsets.UTF_8));
    }

    private static void writeJson(HttpServletResponse response, String json) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json);
    }

    /** Just enough JSON for flat answers; no JSON library is on the gateway's class path. */
    static final class Json {
        private Json() {
        }

        /** Numbers are written as numbers, anything else as its string. */
        static String object(Map<String, ?> fields) {
            return fields.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> string(e.getKey()) + ":" + (e.getValue() instanceof Number n ? n.toString()
                            : string(String.valueOf(e.getValue()))))
                    .collect(Collectors.joining(",", "{", "}"));
        }

        static String string(String value) {
            StringBuilder out = new StringBuilder(value.length() + 2).append('"');
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }
    }
}
