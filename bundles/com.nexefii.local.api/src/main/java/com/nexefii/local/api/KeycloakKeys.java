package com.nexefii.local.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * Keycloak's token-signing keys, usable offline: the keys last fetched from the JWKS URL (kept on
 * disk across restarts) together with any keys the configuration carries. Fetches happen on a
 * background thread, at start, every refresh interval, and soon after a token names an unknown
 * {@code kid} (key rotation); a request never waits for the network.
 */
final class KeycloakKeys implements AutoCloseable {

    static final String CACHE_FILE = "keycloak-jwks.json";

    private static final Logger LOG = LoggerFactory.getLogger(KeycloakKeys.class);
    private static final int MAX_JWKS_BYTES = 256 * 1024;
    private static final long MIN_NANOS_BETWEEN_UNKNOWN_KID_FETCHES = TimeUnit.SECONDS.toNanos(30);

    private final URI jwksUrl;
    private final Duration refresh;
    private final Path cacheFile;
    private final List<RSAKey> configured;
    private final HttpClient http;
    private final ScheduledExecutorService fetcher;
    private final AtomicLong lastUnknownKidFetchNanos =
            new AtomicLong(System.nanoTime() - MIN_NANOS_BETWEEN_UNKNOWN_KID_FETCHES);
    private volatile List<RSAKey> fetched = List.of();
    private volatile JWKSet current = new JWKSet();

    /**
     * @param configuredJwks JWKS JSON from the configuration, or empty
     * @throws IllegalArgumentException when the configured JWKS is not valid, naming property {@code jwks}
     */
    KeycloakKeys(URI jwksUrl, Duration refresh, Path dataDirectory, String configuredJwks) {
        this.jwksUrl = jwksUrl;
        this.refresh = refresh;
        this.cacheFile = dataDirectory.resolve(CACHE_FILE);
        try {
            this.configured = configuredJwks.isEmpty() ? List.of() : signingKeys(configuredJwks);
        } catch (ParseException e) {
            throw new IllegalArgumentException("jwks: not a valid JWKS: " + e.getMessage(), e);
        }
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.fetcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nexefii-local-api-jwks");
            t.setDaemon(true);
            return t;
        });
        loadCached();
    }

    /** Starts fetching now and every refresh interval. */
    void start() {
        fetcher.scheduleWithFixedDelay(this::fetch, 0, refresh.toSeconds(), TimeUnit.SECONDS);
    }

    JWKSet current() {
        return current;
    }

    boolean knows(String kid) {
        return kid != null && current.getKeyByKeyId(kid) != null;
    }

    /** A token named a key we do not have: fetch soon, at most every 30 s. */
    void unknownKeySeen() {
        long last = lastUnknownKidFetchNanos.get();
        long now = System.nanoTime();
        if (now - last >= MIN_NANOS_BETWEEN_UNKNOWN_KID_FETCHES && lastUnknownKidFetchNanos.compareAndSet(last, now)) {
            fetcher.execute(this::fetch);
        }
    }

    /** Fetches the JWKS once; on success the keys replace the fetched ones and are written to disk. */
    boolean fetch() {
        try {
            HttpRequest request = HttpRequest.newBuilder(jwksUrl).timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json").GET().build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_JWKS_BYTES + 1);
            }
            if (response.statusCode() != 200) {
                LOG.warn("Keycloak JWKS {} answered HTTP {}; keeping {} known keys", jwksUrl, response.statusCode(),
                        current.size());
                return false;
            }
            if (body.length > MAX_JWKS_BYTES) {
                LOG.warn("Keycloak JWKS {} is larger than {} bytes; ignored", jwksUrl, MAX_JWKS_BYTES);
                return false;
            }
            String json = new String(body, StandardCharsets.UTF_8);
            List<RSAKey> keys = signingKeys(json);
            if (keys.isEmpty()) {
                LOG.warn("Keycloak JWKS {} holds no RS256 signing key; keeping {} known keys", jwksUrl, current.size());
                return false;
            }
            fetched = keys;
            recompute();
            persist(json);
            LOG.debug("Keycloak JWKS fetched from {}: {} signing keys", jwksUrl, keys.size());
            return true;
        } catch (IOException | ParseException e) {
            LOG.info("Keycloak JWKS {} not reachable or invalid ({}); deciding with {} known keys", jwksUrl,
                    e.toString(), current.size());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        fetcher.shutdownNow();
    }

    private void loadCached() {
        try {
            if (Files.exists(cacheFile)) {
                fetched = signingKeys(Files.readString(cacheFile, StandardCharsets.UTF_8));
                LOG.info("Loaded {} Keycloak signing keys cached at {}", fetched.size(), cacheFile);
            }
        } catch (IOException | ParseException e) {
            LOG.warn("Keycloak key cache {} is unreadable ({}); waiting for a fetch", cacheFile, e.getMessage());
        }
        recompute();
    }

    private void recompute() {
        Map<String, JWK> byKid = new LinkedHashMap<>();
        for (RSAKey key : fetched) {
            byKid.put(key.getKeyID(), key);
        }
        for (RSAKey key : configured) {
            byKid.putIfAbsent(key.getKeyID(), key);
        }
        current = new JWKSet(new ArrayList<>(byKid.values()));
    }

    /** Only public RSA keys meant for RS256 signatures: Keycloak also publishes encryption keys. */
    static List<RSAKey> signingKeys(String json) throws ParseException {
        List<RSAKey> keys = new ArrayList<>();
        for (JWK key : JWKSet.parse(json).getKeys()) {
            if (key instanceof RSAKey rsa && key.getKeyID() != null && !key.isPrivate()
                    && (key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse()))
                    && (key.getAlgorithm() == null || JWSAlgorithm.RS256.equals(key.getAlgorithm()))) {
                keys.add(rsa.toPublicJWK());
            }
        }
        return keys;
    }

    private void persist(String json) {
        try {
            Files.createDirectories(cacheFile.getParent());
            Path temp = Files.createTempFile(cacheFile.getParent(), CACHE_FILE + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, cacheFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(cacheFile.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (FileSystemException | UnsupportedOperationException e) {
                // directory sync not available here; the rename is as durable as the platform allows
            }
        } catch (IOException e) {
            LOG.warn("Could not cache the Keycloak keys at {}: {}", cacheFile, e.getMessage());
        }
    }
}
