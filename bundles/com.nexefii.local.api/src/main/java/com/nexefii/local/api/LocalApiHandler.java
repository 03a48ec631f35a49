package com.nexefii.local.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.LockRouter;
import com.nexefii.lock.api.LockState;
import com.nexefii.lock.api.Outcome;
import com.nexefii.local.api.StaffTokenVerifier.StaffCaller;
import com.nexefii.policy.cache.AccessRequest;
import com.nexefii.policy.cache.Decision;
import com.nexefii.policy.cache.PolicyCache;
import com.nexefii.policy.cache.Reason;
import com.nexefii.policy.cache.StaffRequest;

/**
 * The API's request handling, free of any server: routes, limits, authenticates, asks the policy
 * cache, drives the lock router and turns every failure into a problem.
 *
 * <pre>
 * POST /api/v1/locks/{lockId}/unlock     body optional: {"relockAfterSeconds": 5}
 * POST /api/v1/locks/{lockId}/lock
 * POST /api/v1/zones/{zone}/lockdown     body: {"on": true|false}
 * POST /api/v1/lockdown                  body: {"on": true|false}   (whole property)
 * Authorization: Bearer {Keycloak access token} | MobileKey {cloud-signed mobile key}
 * </pre>
 */
final class LocalApiHandler {

    static final String PREFIX = "/api/v1/";
    static final String WWW_AUTHENTICATE = "Bearer realm=\"nexefii-gateway\", MobileKey realm=\"nexefii-gateway\"";

    private static final Logger LOG = LoggerFactory.getLogger(LocalApiHandler.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final int MAX_RELOCK_SECONDS = 300;
    private static final int MAX_ADDRESSES = 10_000;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** Mobile-key reasons that mean "this is not a credential we accept", answered 401 like a bad token. */
    private static final Set<Reason> UNAUTHENTICATED = Set.of(Reason.MALFORMED, Reason.BAD_SIGNATURE,
            Reason.UNKNOWN_KEY, Reason.WRONG_ISSUER, Reason.WRONG_AUDIENCE);

    private enum Action { UNLOCK, LOCK, LOCKDOWN }

    private record Route(Action action, String lockId, String zone) {
    }

    /** Who is calling: a verified staff member, or a mobile key the policy cache will judge. */
    private sealed interface Caller permits Staff, MobileKey {
        String rateKey();
    }

    private record Staff(StaffCaller caller) implements Caller {
        @Override
        public String rateKey() {
            return "staff:" + caller.subject();
        }
    }

    private record MobileKey(String token, String rateKey) implements Caller {
    }

    private final LocalApiOptions options;
    private final PolicyCache policy;
    private final LockRouter router;
    private final LockEventPublisher publisher;
    private final StaffTokenVerifier staffTokens;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final TokenBuckets addressLimits;
    private final TokenBuckets callerLimits;
    private final Map<Integer, LongAdder> answers = new ConcurrentHashMap<>();
    private final CorsPolicy cors;

    LocalApiHandler(LocalApiOptions options, PolicyCache policy, LockRouter router, LockEventPublisher publisher,
            StaffTokenVerifier staffTokens, Clock clock, LongSupplier nanoTime) {
        this.options = options;
        this.policy = policy;
        this.router = router;
        this.publisher = publisher;
        this.staffTokens = staffTokens;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.addressLimits = new TokenBuckets(options.addressRequestsPerMinute(), options.addressBurst(), MAX_ADDRESSES);
        this.callerLimits = new TokenBuckets(options.callerRequestsPerMinute(), options.callerBurst(), MAX_ADDRESSES);
        this.cors = new CorsPolicy(options.allowedOrigins());
    }

    ApiResponse handle(ApiRequest request) {
        ApiResponse response;
        try {
            response = request.origin() == null ? route(request) : fromBrowser(request);
        } catch (RuntimeException e) {
            LOG.error("Local API request {} {} failed", request.method(), request.path(), e);
            response = problem(Problem.of("internal", "Internal error", 500, "the gateway could not handle the request"));
        }
        answers.computeIfAbsent(response.status(), s -> new LongAdder()).increment();
        return response;
    }

    /** @return how many answers of each HTTP status were given, for metrics */
    Map<Integer, Long> answerCounts() {
        Map<Integer, Long> counts = new HashMap<>();
        answers.forEach((status, count) -> counts.put(status, count.sum()));
        return counts;
    }

    /**
     * A request from a web page (it has an Origin): refused unless the origin is configured, before
     * anything else happens; preflights answered; answers readable by that origin only.
     */
    private ApiResponse fromBrowser(ApiRequest request) {
        String origin = request.origin();
        if (!cors.allows(origin)) {
            return problem(Problem.of("origin-not-allowed", "Origin not allowed", 403,
                    "this gateway does not accept requests from web pages of " + origin));
        }
        if ("OPTIONS".equals(request.method()) && request.preflightMethod() != null) {
            if (!request.secure()) {
                return problem(Problem.of("https-required", "HTTPS required", 403, "this API is served over TLS only"));
            }
            long retry = addressLimits.tryAcquire(String.valueOf(request.remoteAddress()), nanoTime.getAsLong());
            if (retry > 0) {
                return withHeaders(rateLimited(retry, "too many requests from this address"), cors.responseHeaders(origin));
            }
            if (parse(request.path()) == null) {
                return withHeaders(problem(Problem.NOT_FOUND), cors.responseHeaders(origin));
            }
            Map<String, String> headers = new HashMap<>(cors.preflightHeaders(origin, request.privateNetwork()));
            headers.put("Cache-Control", "no-store");
            return new ApiResponse(204, headers, new byte[0]);
        }
        return withHeaders(route(request), cors.responseHeaders(origin));
    }

    private static ApiResponse withHeaders(ApiResponse response, Map<String, String> extra) {
        Map<String, String> headers = new HashMap<>(response.headers());
        headers.putAll(extra);
        return new ApiResponse(response.status(), headers, response.body());
    }

    private ApiResponse route(ApiRequest request) {
        if (!request.secure()) {
            return problem(Problem.of("https-required", "HTTPS required", 403, "this API is served over TLS only"));
        }
        long retry = addressLimits.tryAcquire(String.valueOf(request.remoteAddress()), nanoTime.getAsLong());
        if (retry > 0) {
            return rateLimited(retry, "too many requests from this address");
        }
        Route route = parse(request.path());
        if (route == null) {
            return problem(Problem.NOT_FOUND);
        }
        if (!"POST".equals(request.method())) {
            return problem(Problem.of("method-not-allowed", "Method not allowed", 405, "use POST"), "Allow", "POST");
        }
        if (request.contentLength() > options.maxRequestBytes()) {
            return tooLarge();
        }
        Caller caller;
        String[] credentials = credentials(request.authorization());
        if (credentials == null) {
            return unauthorized("send Authorization: Bearer <access token> or MobileKey <mobile key>");
        }
        if ("bearer".equals(credentials[0])) {
            StaffTokenVerifier.Result verified = staffTokens.verify(credentials[1]);
            if (!verified.verified()) {
                String subject = verified.caller() == null ? Decision.UNKNOWN_CREDENTIAL : verified.caller().subject();
                auditDenied(route.lockId(), subject, verified.reason(), "staff", route.action());
                if (verified.forbidden()) {
                    return problem(denied(verified.reason(), verified.detail(), route.lockId()));
                }
                return unauthorized("invalid token: " + verified.detail());
            }
            caller = new Staff(verified.caller());
        } else {
            caller = new MobileKey(credentials[1], "mk:" + sha256(credentials[1]));
        }
        retry = callerLimits.tryAcquire(caller.rateKey(), nanoTime.getAsLong());
        if (retry > 0) {
            return rateLimited(retry, "too many requests from this caller");
        }
        JsonNode body;
        try {
            body = readBody(request.body());
        } catch (TooLargeException e) {
            return tooLarge();
        } catch (IOException e) {
            return malformed("the body is not a JSON object: " + e.getMessage());
        }
        return switch (route.action()) {
            case UNLOCK, LOCK -> lockAction(route, caller, body);
            case LOCKDOWN -> lockdown(route, caller, body);
        };
    }

    private ApiResponse lockAction(Route route, Caller caller, JsonNode body) {
        String lockId = route.lockId();
        CommandType type = route.action() == Action.UNLOCK ? CommandType.UNLOCK : CommandType.LOCK;
        Duration relockAfter = null;
        for (var fields = body.fieldNames(); fields.hasNext();) {
            String field = fields.next();
            if (!(type == CommandType.UNLOCK && "relockAfterSeconds".equals(field))) {
                return malformed("unknown field " + field);
            }
        }
        if (body.has("relockAfterSeconds")) {
            JsonNode relock = body.get("relockAfterSeconds");
            if (!relock.isIntegralNumber() || relock.asLong() < 1 || relock.asLong() > MAX_RELOCK_SECONDS) {
                return malformed("relockAfterSeconds must be an integer from 1 to " + MAX_RELOCK_SECONDS);
            }
            relockAfter = Duration.ofSeconds(relock.asLong());
        }
        Instant now = clock.instant();
        Decision decision;
        String requestedBy;
        if (caller instanceof Staff staff) {
            requestedBy = staff.caller().subject();
            if (!ownedLocks().contains(lockId)) {
                auditDenied(lockId, requestedBy, "UNKNOWN_LOCK", "staff", route.action());
                return problem(unknownLock(lockId));
            }
            decision = policy.decideStaff(new StaffRequest(requestedBy, staff.caller().roles(), lockId, type, now));
        } else {
            decision = policy.decide(AccessRequest.mobileKey(((MobileKey) caller).token(), lockId, now));
            requestedBy = decision.credentialId();
            if (decision.allowed() && !ownedLocks().contains(lockId)) {
                return problem(unknownLock(lockId));
            }
        }
        if (!decision.allowed()) {
            return refused(decision, caller instanceof MobileKey);
        }
        LockCommand command = new LockCommand(UUID.randomUUID().toString(), lockId, type,
                now.plus(options.commandTimeout()), relockAfter, null, requestedBy);
        LockResult result = await(command);
        if (result == null) {
            return problem(Problem.of("lock-timeout", "Lock did not answer in time", 504,
                    "no answer from " + lockId + " within " + options.commandTimeout().toMillis() + " ms")
                    .with("lockId", lockId).with("commandId", command.commandId()));
        }
        if (result.outcome() != Outcome.OK) {
            return problem(outcomeProblem(result).with("decision", decision.reason().name()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("commandId", command.commandId());
        answer.put("lockId", lockId);
        answer.put("action", type.name());
        answer.put("outcome", result.outcome().name());
        answer.put("decision", decision.reason().name());
        if (result.state() != null) {
            answer.put("state", state(result.state()));
        }
        return json(200, answer);
    }

    private ApiResponse lockdown(Route route, Caller caller, JsonNode body) {
        String scope = route.zone() == null ? "property" : "zone " + route.zone();
        if (!(caller instanceof Staff staff)) {
            auditDenied(null, Decision.UNKNOWN_CREDENTIAL, Reason.NOT_PERMITTED.name(), "mobile-key", Action.LOCKDOWN);
            return problem(denied(Reason.NOT_PERMITTED.name(), "lockdown needs a staff token", null));
        }
        JsonNode on = body.get("on");
        if (on == null || !on.isBoolean() || body.size() != 1) {
            return malformed("the body must be {\"on\": true} or {\"on\": false}");
        }
        boolean enter = on.booleanValue();
        String subject = staff.caller().subject();
        if (!enter && staff.caller().roles().stream().noneMatch(options.lockdownLiftRoles()::contains)) {
            auditDenied(null, subject, Reason.NOT_PERMITTED.name(), "staff", Action.LOCKDOWN);
            return problem(denied(Reason.NOT_PERMITTED.name(), "lifting a lockdown needs one of the roles "
                    + options.lockdownLiftRoles(), null));
        }
        Set<String> owned = ownedLocks();
        Set<String> targets;
        if (route.zone() == null) {
            targets = new TreeSet<>(owned);
        } else {
            Set<String> zoneLocks = policy.zoneLocks(route.zone());
            if (zoneLocks.isEmpty()) {
                return problem(Problem.of("unknown-zone", "Unknown zone", 404, "the policy has no zone " + route.zone())
                        .with("zone", route.zone()));
            }
            // Locks of the zone on another gateway of the property are that gateway's business.
            targets = new TreeSet<>(zoneLocks);
            targets.retainAll(owned);
        }
        // The policy first: mobile keys are refused from this instant, whatever the locks answer.
        policy.setLocalLockdown(route.zone(), enter);
        Map<String, String> attributes = new HashMap<>();
        attributes.put("lockdown", Boolean.toString(enter));
        attributes.put("scope", route.zone() == null ? "property" : "zone");
        if (route.zone() != null) {
            attributes.put("zone", route.zone());
        }
        attributes.put("requestedBy", subject);
        attributes.put("method", "local-api");
        try {
            publisher.publish(null, LockEventType.LOCKDOWN_CHANGED, attributes);
        } catch (RuntimeException e) {
            LOG.error("Lockdown of {} by {} is in force but could not be audited", scope, subject, e);
        }
        LOG.info("Lockdown of {} {} by {}: commanding {} locks", scope, enter ? "entered" : "lifted", subject,
                targets.size());
        List<Map<String, Object>> results = fanOut(targets, enter ? CommandType.LOCKDOWN_ON : CommandType.LOCKDOWN_OFF,
                subject);
        boolean timedOut = results.stream().anyMatch(r -> Outcome.TIMEOUT.name().equals(r.get("outcome"))
                || Outcome.EXPIRED.name().equals(r.get("outcome")));
        boolean failed = results.stream().anyMatch(r -> !Outcome.OK.name().equals(r.get("outcome")));
        if (timedOut) {
            return problem(Problem.of("lock-timeout", "Some locks did not answer in time", 504,
                    "lockdown is in force on the gateway; not every lock confirmed it").with("results", results));
        }
        if (failed) {
            return problem(Problem.of("lock-failed", "Some locks failed", 502,
                    "lockdown is in force on the gateway; not every lock confirmed it").with("results", results));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("lockdown", enter);
        answer.put("scope", route.zone() == null ? "property" : "zone");
        if (route.zone() != null) {
            answer.put("zone", route.zone());
        }
        answer.put("results", results);
        return json(200, answer);
    }

    private List<Map<String, Object>> fanOut(Set<String> lockIds, CommandType type, String requestedBy) {
        Instant deadline = clock.instant().plus(options.commandTimeout());
        Map<String, CompletableFuture<LockResult>> pending = new LinkedHashMap<>();
        for (String lockId : lockIds) {
            LockCommand command = new LockCommand(UUID.randomUUID().toString(), lockId, type, deadline, null, null,
                    requestedBy);
            pending.put(lockId, router.execute(command).toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new))
                    .get(options.commandTimeout().toMillis() + 250, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // each lock's own result is read below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Map<String, Object>> results = new ArrayList<>();
        pending.forEach((lockId, future) -> {
            LockResult result = future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("lockId", lockId);
            entry.put("outcome", result == null ? Outcome.TIMEOUT.name() : result.outcome().name());
            if (result != null && result.detail() != null) {
                entry.put("detail", result.detail());
            }
            results.add(entry);
        });
        return results;
    }

    /** @return the result, or {@code null} when the lock did not answer before the deadline */
    private LockResult await(LockCommand command) {
        try {
            return router.execute(command).toCompletableFuture()
                    .get(options.commandTimeout().toMillis() + 250, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            LOG.error("Lock router failed command {} on {}", command.commandId(), command.lockId(), e.getCause());
            return LockResult.failed(command, Outcome.UNREACHABLE, "router failure");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LockResult.failed(command, Outcome.CANCELLED, "interrupted");
        }
    }

    private Set<String> ownedLocks() {
        Set<String> ids = new java.util.HashSet<>();
        for (LockInfo lock : router.locks()) {
            ids.add(lock.lockId());
        }
        return ids;
    }

    private ApiResponse refused(Decision decision, boolean mobileKey) {
        Reason reason = decision.reason();
        if (reason == Reason.AUDIT_FAILED) {
            return problem(Problem.of("audit-unavailable", "Audit unavailable", 503,
                    "the decision could not be recorded, so the door stays shut").with("reason", reason.name()));
        }
        if (mobileKey && UNAUTHENTICATED.contains(reason)) {
            return problem(Problem.of("unauthorized", "Not authenticated", 401, "mobile key rejected")
                    .with("reason", reason.name()), "WWW-Authenticate", WWW_AUTHENTICATE);
        }
        return problem(denied(reason.name(), "denied by the access policy", decision.lockId()));
    }

    private static Problem denied(String reason, String detail, String lockId) {
        Problem p = Problem.of("access-denied", "Access denied", 403, detail).with("reason", reason);
        return lockId == null ? p : p.with("lockId", lockId);
    }

    private static Problem unknownLock(String lockId) {
        return Problem.of("unknown-lock", "Unknown lock", 404, "no lock " + lockId + " on this gateway")
                .with("lockId", lockId);
    }

    private static Problem outcomeProblem(LockResult result) {
        Outcome outcome = result.outcome();
        Problem p = switch (outcome) {
            case TIMEOUT, EXPIRED -> Problem.of("lock-timeout", "Lock did not answer in time", 504, result.detail());
            case UNKNOWN_LOCK -> unknownLock(result.lockId());
            case UNREACHABLE -> Problem.of("lock-unreachable", "Lock unreachable", 502, result.detail());
            case JAMMED, REJECTED, DUPLICATE -> Problem.of("lock-refused", "Lock refused", 409, result.detail());
            case UNSUPPORTED -> Problem.of("unsupported", "Not supported by this lock", 501, result.detail());
            case INVALID -> Problem.of("malformed-request", "Malformed request", 400, result.detail());
            case DENIED -> Problem.of("access-denied", "Access denied", 403, result.detail());
            case CANCELLED -> Problem.of("cancelled", "Cancelled", 503, result.detail());
            case OK -> throw new IllegalArgumentException("OK is not a problem");
        };
        return p.with("lockId", result.lockId()).with("outcome", outcome.name()).with("commandId", result.commandId());
    }

    private void auditDenied(String lockId, String credentialId, String reason, String method, Action action) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("credentialId", credentialId);
        attributes.put("reason", reason);
        attributes.put("method", method);
        attributes.put("action", action.name());
        if (lockId != null) {
            attributes.put("lockId", lockId);
        }
        try {
            publisher.publish(lockId, LockEventType.ACCESS_DENIED, attributes);
        } catch (RuntimeException e) {
            LOG.error("Denied local API request by {} could not be audited", credentialId, e);
        }
    }

    /** @return {scheme (lower case), credentials}, or {@code null} when absent or not a scheme we take */
    private static String[] credentials(String authorization) {
        if (authorization == null) {
            return null;
        }
        int space = authorization.indexOf(' ');
        if (space <= 0) {
            return null;
        }
        String scheme = authorization.substring(0, space).toLowerCase(java.util.Locale.ROOT);
        String value = authorization.substring(space + 1).trim();
        if (value.isEmpty() || !("bearer".equals(scheme) || "mobilekey".equals(scheme))) {
            return null;
        }
        return new String[] {scheme, value};
    }

    private static Route parse(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = path.substring(PREFIX.length()).split("/", -1);
        if (parts.length == 1 && "lockdown".equals(parts[0])) {
            return new Route(Action.LOCKDOWN, null, null);
        }
        if (parts.length != 3 || !ID.matcher(parts[1]).matches()) {
            return null;
        }
        if ("locks".equals(parts[0]) && "unlock".equals(parts[2])) {
            return new Route(Action.UNLOCK, parts[1], null);
        }
        if ("locks".equals(parts[0]) && "lock".equals(parts[2])) {
            return new Route(Action.LOCK, parts[1], null);
        }
        if ("zones".equals(parts[0]) && "lockdown".equals(parts[2])) {
            return new Route(Action.LOCKDOWN, null, parts[1]);
        }
        return null;
    }

    private static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
    }

    private JsonNode readBody(InputStream in) throws IOException {
        byte[] bytes = in == null ? new byte[0] : in.readNBytes(options.maxRequestBytes() + 1);
        if (bytes.length > options.maxRequestBytes()) {
            throw new TooLargeException();
        }
        if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return JSON.createObjectNode();
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IOException(e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IOException("not an object");
        }
        return node;
    }

    private static Map<String, Object> state(LockState state) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("bolt", state.bolt().name());
        s.put("door", state.door().name());
        s.put("lockdown", state.lockdown());
        s.put("batteryPercent", state.batteryPercent());
        s.put("online", state.online());
        return s;
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private ApiResponse unauthorized(String detail) {
        return problem(Problem.of("unauthorized", "Not authenticated", 401, detail), "WWW-Authenticate",
                WWW_AUTHENTICATE);
    }

    private ApiResponse malformed(String detail) {
        return problem(Problem.of("malformed-request", "Malformed request", 400, detail));
    }

    private ApiResponse tooLarge() {
        return problem(Problem.of("payload-too-large", "Request too large", 413,
                "the body may be at most " + options.maxRequestBytes() + " bytes"));
    }

    private ApiResponse rateLimited(long retryAfterSeconds, String detail) {
        return problem(Problem.of("rate-limited", "Too many requests", 429, detail), "Retry-After",
                Long.toString(retryAfterSeconds));
    }

    private static ApiResponse problem(Problem problem, String... headerPairs) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", Problem.MEDIA_TYPE);
        headers.put("Cache-Control", "no-store");
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], headerPairs[i + 1]);
        }
        return new ApiResponse(problem.status(), headers, bytes(problem.members()));
    }

    private static ApiResponse json(int status, Map<String, Object> body) {
        return new ApiResponse(status, Map.of("Content-Type", "application/json", "Cache-Control", "no-store"),
                bytes(body));
    }

    private static byte[] bytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response", e);
        }
    }
}
