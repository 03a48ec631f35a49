package com.nexefii.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexefii.bench.load.FixedRateLoad;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Scenario 5: what verifying a bearer token adds to a REST request on Payara. The cloud serves a
 * like-for-like pair when started with {@code NEXEFII_BENCH_ENABLED=true}: {@code GET
 * /api/v1/bench/open} (no authentication: the baseline) and {@code GET /api/v1/bench/authenticated}
 * (a Keycloak access token, verified by MicroProfile JWT: signature, issuer, audience, expiry,
 * then the staff role check), with the same body. Both are driven by the same open-loop fixed-rate
 * harness (no coordinated omission), over kept-alive HTTP/1.1 connections, alternating in rounds
 * so that a change of the machine's load hits both alike.
 */
public final class AuthenticatedRestScenario implements Scenario {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public int number() {
        return 5;
    }

    @Override
    public String title() {
        return "Authenticated REST request on Payara vs the same endpoint without authentication";
    }

    @Override
    public List<Figure> run(BenchSettings settings) throws Exception {
        String what = "JWT-verified GET vs the same GET without authentication";
        if (settings.stackEnv() == null) {
            return List.of(Figure.notRun(5, what, "needs a running stack whose cloud has the bench endpoints on: "
                    + "NEXEFII_BENCH_ENABLED=true integration-tests/stack/up.sh --detach, then "
                    + "bench/run.sh --stack-env <stack>/stack.env"));
        }
        StackEnv env = new StackEnv(settings.stackEnv());
        String cloud = env.get("NEXEFII_CLOUD_URL");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        int probe = http.send(HttpRequest.newBuilder(URI.create(cloud + "/api/v1/bench/open")).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        if (probe != 200) {
            return List.of(Figure.notRun(5, what, "GET /api/v1/bench/open answered " + probe
                    + ": start the stack's cloud with NEXEFII_BENCH_ENABLED=true (the endpoints are off by default)"));
        }
        double rate = settings.pick(100.0, 200.0);
        Duration warmUp = Duration.ofSeconds(settings.pick(3, 10));
        Duration measured = Duration.ofSeconds(settings.pick(10, 30));
        int rounds = settings.pick(1, 3);

        Histogram open = new Histogram(Duration.ofMinutes(1).toNanos() / 1000, 3);
        Histogram authenticated = new Histogram(Duration.ofMinutes(1).toNanos() / 1000, 3);
        List<String> notes = new ArrayList<>();
        long lost = 0;
        String before = Machine.loadNow();
        for (int round = 0; round < rounds; round++) {
            FixedRateLoad.Result o = drive(http, cloud + "/api/v1/bench/open", null, rate, warmUp, measured);
            // a fresh token per round: Keycloak's tokens live 5 minutes
            FixedRateLoad.Result a = drive(http, cloud + "/api/v1/bench/authenticated", token(http, env), rate, warmUp,
                    measured);
            open.add(o.histogram());
            authenticated.add(a.histogram());
            lost += o.lost() + a.lost();
            notes.add("round " + (round + 1) + ": open " + o.summary() + "; authenticated " + a.summary());
        }
        String load = before + "→" + Machine.loadNow();
        String baselineWhat = "GET /api/v1/bench/open, no token, same body, same rate";
        String how = String.format(Locale.ROOT, "%d round(s) of %d s at %.0f/s each, alternating; latency from the "
                + "intended send to the answer (200 only; other answers count as lost: %d); token RS256 from "
                + "the stack's Keycloak, user %s. ", rounds, measured.toSeconds(), rate, lost, user(env))
                + String.join(" | ", notes);
        List<Figure> figures = new ArrayList<>();
        for (double percentile : new double[] { 50, 99, 99.9 }) {
            double value = authenticated.getValueAtPercentile(percentile) / 1000.0;
            double baseline = open.getValueAtPercentile(percentile) / 1000.0;
            boolean targeted = percentile < 99.9;
            figures.add(new Figure(5, "p" + trim(percentile) + " of a JWT-verified GET, fixed rate " + (int) rate + "/s",
                    value, "ms", baselineWhat, baseline, targeted ? "≤ 1.10× baseline" : "",
                    targeted ? Boolean.valueOf(lost == 0 && value <= 1.10 * baseline) : null, load,
                    percentile == 50 ? how : "see p50"));
        }
        figures.add(new Figure(5, "mean of a JWT-verified GET", authenticated.getMean() / 1000.0, "ms",
                baselineWhat, open.getMean() / 1000.0, "", null, load,
                "for reference: the absolute cost of the verification is the difference of the means"));
        return figures;
    }

    private static String trim(double percentile) {
        return percentile == Math.rint(percentile) ? Integer.toString((int) percentile) : Double.toString(percentile);
    }

    private static FixedRateLoad.Result drive(HttpClient http, String url, String token, double rate, Duration warmUp,
            Duration measured) throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.build();
        FixedRateLoad load = new FixedRateLoad();
        return load.run(rate, warmUp, measured, Duration.ofSeconds(10), id -> http
                .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenAccept(response -> {
                    if (response.statusCode() == 200) {
                        load.completed(id);
                    }
                }));
    }

    static String user(StackEnv env) {
        return env.get("NEXEFII_BENCH_USER", "staff-a");
    }

    /** A staff user's access token (password grant, enabled on the mobile client of test stacks). */
    static String token(HttpClient http, StackEnv env) throws Exception {
        String user = user(env);
        Map<String, String> form = Map.of("grant_type", "password", "client_id", env.get("NEXEFII_OIDC_MOBILE_CLIENT_ID"),
                "username", user, "password", env.get("NEXEFII_BENCH_PASSWORD", "test-" + user + "-pass"),
                "scope", "openid");
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(env.get("NEXEFII_OIDC_TOKEN_URL")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        String token = JSON.readTree(answer.body()).path("access_token").asText("");
        if (token.isEmpty()) {
            throw new IllegalStateException("no token for " + user + " from " + env.get("NEXEFII_OIDC_TOKEN_URL") + ": "
                    + answer.statusCode());
        }
        return token;
    }
}
