package com.nexefii.cloud.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexefii.cloud.domain.model.audit.AuditEvent;
import com.nexefii.cloud.domain.model.notification.Audience;
import com.nexefii.cloud.domain.model.notification.Notification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Which audit record tells whom what. Guests hear only about their own key, door and stay (the
 * audience is the holder named by the record); a property's staff hear about its doors, gateways
 * and lockdowns. Everything else notifies no one. Payloads carry no credential, only ids.
 */
public final class NotificationRules {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Alerts staff must act on. */
    private static final Map<String, String> ALERTS = Map.of(
            "DOOR_AJAR", "Door %s is ajar",
            "DOOR_FORCED", "Door %s was forced open",
            "JAMMED", "Lock %s is jammed",
            "TAMPER", "Tampering detected at %s",
            "BATTERY_LOW", "Battery low at %s",
            "LOCK_OFFLINE", "Lock %s is offline");

    /** Changes of a door's state, for live door lists (not announced). */
    private static final Set<String> LOCK_STATE = Set.of("LOCKED", "UNLOCKED", "DOOR_OPENED", "DOOR_CLOSED",
            "LOCK_ONLINE", "BATTERY_LEVEL", "LOCK_ADDED", "LOCK_REMOVED");

    /** Attributes a payload may repeat; anything else (e.g. free text from a gateway) stays in the audit. */
    private static final Set<String> SHOWN_ATTRIBUTES = Set.of("stayId", "locks", "validUntil", "expiresAt",
            "percent", "batteryPercent", "level", "reason", "scope", "on", "lockdown", "zone", "zoneId", "commandType");

    private NotificationRules() {
    }

    /**
     * @param commandType the type of a command by id, for results that do not say it themselves
     */
    public static List<Notification> notificationsFor(AuditEvent e, Function<UUID, Optional<String>> commandType) {
        List<Notification> out = new ArrayList<>();
        Map<String, String> a = e.attributes() == null ? Map.of() : e.attributes();
        String lock = e.lockId() == null ? "" : e.lockId();
        switch (e.type()) {
            case "MOBILE_KEY_ISSUED" -> user(out, e, e.actor(), "key-ready", "Your mobile key is ready", Map.of(
                    "credentialId", a.getOrDefault("credentialId", "")));
            case "CREDENTIAL_REVOKED" -> user(out, e, a.get("holder"), "key-revoked", "Your mobile key was revoked",
                    Map.of("credentialId", a.getOrDefault("credentialId", "")));
            case "STAY_CHECKED_IN" -> user(out, e, a.get("holder"), "stay-changed", "Your stay is ready", Map.of());
            case "STAY_CHECKED_OUT" -> user(out, e, a.get("holder"), "stay-changed", "You are checked out", Map.of());
            case "STAY_MOVED" -> user(out, e, a.get("holder"), "stay-changed", "Your room has changed", Map.of());
            case "STAY_EXTENDED" -> user(out, e, a.get("holder"), "stay-changed", "Your stay was extended", Map.of());
            case "ACCESS_GRANTED" -> user(out, e, e.actor(), "door-opened", "Door " + lock + " opened with your key",
                    Map.of());
            case "COMMAND_RESULT" -> {
                String type = a.containsKey("commandType") ? a.get("commandType")
                        : e.commandId() == null ? null : commandType.apply(e.commandId()).orElse(null);
                if ("UNLOCK".equals(type)) {
                    boolean ok = "OK".equals(e.outcome());
                    user(out, e, e.actor(), ok ? "door-opened" : "unlock-failed",
                            ok ? "Door " + lock + " opened" : "Door " + lock + " did not open (" + e.outcome() + ")",
                            Map.of());
                }
            }
            case "GATEWAY_OFFLINE", "GATEWAY_ONLINE" -> staff(out, e, "gateway", "Gateway "
                    + a.getOrDefault("gatewayId", e.gatewayId() == null ? "" : e.gatewayId())
                    + (e.type().endsWith("OFFLINE") ? " is offline" : " is back online"));
            case "LOCKDOWN_REQUESTED" -> staff(out, e, "lockdown", ("true".equals(a.get("on")) ? "Lockdown" : "End of lockdown")
                    + " requested for " + a.getOrDefault("scope", "the property")
                    + (e.actor() == null ? "" : " by " + e.actor()));
            case "LOCKDOWN_CHANGED" -> staff(out, e, "lockdown", ("true".equals(a.get("lockdown")) ? "Lockdown in force"
                    : "Lockdown lifted") + " (" + a.getOrDefault("scope", "property")
                    + (a.containsKey("zone") ? " " + a.get("zone") : "") + ")");
            default -> {
                if (ALERTS.containsKey(e.type())) {
                    staff(out, e, "alert", String.format(ALERTS.get(e.type()), lock));
                } else if (LOCK_STATE.contains(e.type()) && e.lockId() != null) {
                    staff(out, e, "lock-state", lock + ": " + e.type().toLowerCase().replace('_', ' '));
                }
            }
        }
        return out;
    }

    private static void user(List<Notification> out, AuditEvent e, String holder, String kind, String title,
            Map<String, String> extra) {
        if (holder == null || holder.isBlank() || holder.length() > 256) {
            return;
        }
        out.add(notification(e, Audience.user(holder), kind, title, extra));
    }

    private static void staff(List<Notification> out, AuditEvent e, String kind, String title) {
        out.add(notification(e, Audience.STAFF, kind, title, Map.of()));
    }

    private static Notification notification(AuditEvent e, Audience audience, String kind, String title,
            Map<String, String> extra) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("kind", kind);
        payload.put("type", e.type());
        payload.put("title", title);
        payload.put("priority", e.priority().name());
        payload.put("occurredAt", e.occurredAt().toString());
        put(payload, "lockId", e.lockId());
        put(payload, "gatewayId", e.gatewayId() != null ? e.gatewayId()
                : e.attributes() == null ? null : e.attributes().get("gatewayId"));
        put(payload, "outcome", e.outcome());
        put(payload, "commandId", e.commandId() == null ? null : e.commandId().toString());
        Map<String, String> shown = new LinkedHashMap<>();
        if (e.attributes() != null) {
            e.attributes().forEach((k, v) -> {
                if (SHOWN_ATTRIBUTES.contains(k)) {
                    shown.put(k, v);
                }
            });
        }
        extra.forEach((k, v) -> {
            if (!v.isEmpty()) {
                shown.put(k, v);
            }
        });
        payload.put("attributes", shown);
        Map<String, Object> state = lockState(e);
        if (!state.isEmpty()) {
            payload.put("state", state);
        }
        try {
            return new Notification(e.propertyId(), null, e.eventId(), audience, kind, JSON.writeValueAsString(payload),
                    null);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("notification payload", ex);
        }
    }

    /** The lock state an event implies, in the field names of the lock view (boltState, doorState, ...). */
    static Map<String, Object> lockState(AuditEvent e) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (e.lockId() == null) {
            return s;
        }
        switch (e.type()) {
            case "LOCKED" -> s.put("boltState", "LOCKED");
            case "UNLOCKED" -> s.put("boltState", "UNLOCKED");
            case "JAMMED" -> s.put("boltState", "JAMMED");
            case "DOOR_OPENED" -> s.put("doorState", "OPEN");
            case "DOOR_CLOSED" -> s.put("doorState", "CLOSED");
            case "DOOR_AJAR" -> s.put("doorState", "AJAR");
            case "LOCK_OFFLINE" -> s.put("online", false);
            case "LOCK_ONLINE" -> s.put("online", true);
            case "BATTERY_LEVEL", "BATTERY_LOW" -> battery(e.attributes()).ifPresent(b -> s.put("batteryPercent", b));
            default -> {
            }
        }
        return s;
    }

    static Optional<Integer> battery(Map<String, String> attributes) {
        if (attributes == null) {
            return Optional.empty();
        }
        for (String key : List.of("batteryPercent", "percent", "level")) {
            try {
                int value = Integer.parseInt(attributes.getOrDefault(key, ""));
                if (value >= 0 && value <= 100) {
                    return Optional.of(value);
                }
            } catch (NumberFormatException ignored) {
                // next spelling
            }
        }
        return Optional.empty();
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
