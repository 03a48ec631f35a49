package com.nexefii.gateway.metrics;

import java.io.IOException;
import java.time.Clock;

import org.osgi.annotation.bundle.Requirement;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.cloud.connector.CloudConnectorStatus;
import com.nexefii.event.store.EventStore;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventListener;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockRouter;
import com.nexefii.policy.cache.PolicyCache;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves {@code /metrics} on the gateway's HTTP service and counts lock events. Every service it
 * reads is an optional dynamic reference, so the endpoint comes up first and reports whatever is
 * there; as a lock event listener it is not durable and only increments counters, so it never slows
 * or fails a publish. The command latency histogram comes from the lock router, which times every
 * command from dispatch to its adapter's result and posts it on {@value #COMMAND_COMPLETED_TOPIC}.
 */
@Requirement(namespace = "osgi.implementation", name = "osgi.http", version = "2.0")
@Component(
        service = { Servlet.class, LockEventListener.class, EventHandler.class },
        immediate = true,
        configurationPid = GatewayMetricsComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { "osgi.http.whiteboard.servlet.name=nexefii-metrics",
                EventConstants.EVENT_TOPIC + "=" + GatewayMetricsComponent.COMMAND_COMPLETED_TOPIC })
@Designate(ocd = MetricsConfig.class)
public class GatewayMetricsComponent extends HttpServlet implements LockEventListener, EventHandler {

    static final String PID = "com.nexefii.gateway.metrics";
    /** Posted by com.nexefii.lock.router per command an adapter answered (see that bundle's package-info). */
    static final String COMMAND_COMPLETED_TOPIC = "com/nexefii/lock/router/COMMAND_COMPLETED";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(GatewayMetricsComponent.class);

    private final transient GatewayMetrics metrics;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile EventStore eventStore;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile CloudConnectorStatus cloud;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile PolicyCache policy;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile LockRouter router;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile LockEventPublisher publisher;

    @Activate
    public GatewayMetricsComponent(MetricsConfig config) {
        MetricsOptions options = MetricsOptions.from(config);
        this.metrics = new GatewayMetrics(options, Clock.systemUTC());
        LOG.info("Gateway metrics served at {}", options.path());
    }

    @Override
    public void onEvent(LockEvent event) {
        metrics.setRouter(router);
        metrics.onEvent(event);
    }

    @Override
    public void handleEvent(Event event) {
        if (event.getProperty("adapterId") instanceof String adapterId
                && event.getProperty("durationNanos") instanceof Long durationNanos) {
            metrics.onCommandCompleted(adapterId, durationNanos);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body = metrics.scrape(new GatewayMetrics.Sources(eventStore, cloud, policy, router, publisher));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(PrometheusText.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(body);
    }
}
