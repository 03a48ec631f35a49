package com.nexefii.policy.cache.impl;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** TEST FIXTURE: builds policy messages in the contract's format. */
final class Policies {

    static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root = JSON.createObjectNode();

    private Policies(String kind, String property, long version) {
        root.put("v", 1);
        root.put("kind", kind);
        root.put("propertyId", property);
        root.put("version", version);
        root.put("issuedAt", "2026-11-25T10:00:00Z");
    }

    static Policies snapshot(String property, long version) {
        return new Policies("snapshot", property, version);
    }

    static Policies delta(String property, long fromVersion, long version) {
        Policies p = new Policies("delta", property, version);
        p.root.put("fromVersion", fromVersion);
        return p;
    }

    Policies grant(String grantId, String credentialId, List<String> locks, Instant from, Instant until,
            String schedule) {
        ObjectNode g = array("grants").addObject();
        g.put("grantId", grantId);
        g.put("holder", "guest-" + grantId);
        g.putArray("credentialIds").add(credentialId);
        ArrayNode lockArray = g.putArray("locks");
        locks.forEach(lockArray::add);
        g.put("validFrom", from.toString());
        g.put("validUntil", until.toString());
        if (schedule != null) {
            g.put("schedule", schedule);
        }
        return this;
    }

    Policies removeGrant(String grantId) {
        array("removedGrants").add(grantId);
        return this;
    }

    Policies revoke(String credentialId, Instant expiresAt) {
        ObjectNode r = array("revocations").addObject();
        r.put("credentialId", credentialId);
        r.put("expiresAt", expiresAt.toString());
        return this;
    }

    Policies staff(String role, String... zones) {
        ObjectNode s = array("staffZones").addObject();
        s.put("role", role);
        ArrayNode z = s.putArray("zones");
        for (String zone : zones) {
            z.add(zone);
        }
        return this;
    }

    Policies zone(String zone, String... locks) {
        ObjectNode zones = root.has("zones") ? (ObjectNode) root.get("zones") : root.putObject("zones");
        ArrayNode l = zones.putArray(zone);
        for (String lock : locks) {
            l.add(lock);
        }
        return this;
    }

    Policies lockdown(boolean property, String... zones) {
        ObjectNode l = root.putObject("lockdown");
        l.put("property", property);
        ArrayNode z = l.putArray("zones");
        for (String zone : zones) {
            z.add(zone);
        }
        return this;
    }

    Policies keys(Map<String, Object> jwks) {
        root.set("keys", JSON.valueToTree(jwks));
        return this;
    }

    Policies set(String field, Object value) {
        root.set(field, JSON.valueToTree(value));
        return this;
    }

    ObjectNode node() {
        return root;
    }

    byte[] bytes() {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    private ArrayNode array(String field) {
        return root.has(field) ? (ArrayNode) root.get(field) : root.putArray(field);
    }
}
