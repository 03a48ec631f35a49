package com.nexefii.cloud.connector.mqtt;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.Credential;
import com.nexefii.lock.api.CredentialType;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.Outcome;
import com.nexefii.mqtt.contract.Topics;

/**
 * Checks a {@code cmd} payload against contract v1 (command.schema.json), by hand with Jackson so
 * the bundle carries no schema engine; {@code CommandValidatorTest} runs the same payloads through
 * the JSON Schema itself and requires both to agree. Then checks the command is for this gateway
 * and not expired. Duplicate keys are refused: a payload that means two things is not a command.
 */
final class CommandValidator {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Set<String> FIELDS = Set.of("v", "commandId", "propertyId", "gatewayId", "lockId", "type",
            "params", "issuedAt", "expiresAt", "issuedBy");
    private static final Set<String> REQUIRED = Set.of("v", "commandId", "propertyId", "gatewayId", "lockId", "type",
            "issuedAt", "expiresAt");
    private static final Set<String> PARAMS = Set.of("relockAfterSeconds", "credentialType", "credentialId", "pin");
    private static final Pattern PIN = Pattern.compile("^[0-9]{4,10}$");

    private final String propertyId;
    private final String gatewayId;
    private final Duration maxLifetime;

    CommandValidator(String propertyId, String gatewayId, Duration maxLifetime) {
        this.propertyId = propertyId;
        this.gatewayId = gatewayId;
        this.maxLifetime = maxLifetime;
    }

    CommandCheck check(byte[] payload, Instant now) {
        if (payload.length > Topics.MAX_PAYLOAD_BYTES) {
            return new CommandCheck.Unanswerable("oversized",
                    payload.length + " bytes > " + Topics.MAX_PAYLOAD_BYTES + ", not read");
        }
        JsonNode root;
        try {
            root = STRICT.readTree(payload);
        } catch (IOException e) {
            return new CommandCheck.Unanswerable("malformed", "not JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            return new CommandCheck.Unanswerable("malformed", "not a JSON object");
        }
        JsonNode id = root.get("commandId");
        if (id == null || !id.isTextual() || !Payloads.UUID_PATTERN.matcher(id.asText()).matches()) {
            return new CommandCheck.Unanswerable("no-command-id", "commandId missing or not a UUID");
        }
        String commandId = id.asText();
        String lockId = text(root, "lockId");
        if (lockId != null && !Payloads.LOCK_ID.matcher(lockId).matches()) {
            lockId = null;
        }
        String type = text(root, "type");
        if (type != null && !isCommandType(type)) {
            type = null;
        }
        String schemaError = schemaError(root);
        if (schemaError != null) {
            return new CommandCheck.Rejected(commandId, lockId, type, Outcome.INVALID, "schema", schemaError);
        }
        if (!propertyId.equals(root.get("propertyId").asText()) || !gatewayId.equals(root.get("gatewayId").asText())) {
            return new CommandCheck.Rejected(commandId, lockId, type, Outcome.INVALID, "wrong-gateway",
                    "addressed to " + root.get("propertyId").asText() + "/" + root.get("gatewayId").asText());
        }
        Instant expiresAt = instant(root.get("expiresAt").asText());
        if (!now.isBefore(expiresAt)) {
            return new CommandCheck.Rejected(commandId, lockId, type, Outcome.EXPIRED, "expired",
                    "expired at " + expiresAt);
        }
        if (expiresAt.isAfter(now.plus(maxLifetime))) {
            return new CommandCheck.Rejected(commandId, lockId, type, Outcome.INVALID, "expiry-too-far",
                    "expiresAt more than " + maxLifetime + " ahead");
        }
        JsonNode params = root.get("params");
        Duration relock = null;
        Credential credential = null;
        if (params != null) {
            if (params.has("relockAfterSeconds")) {
                relock = Duration.ofSeconds(params.get("relockAfterSeconds").asInt());
            }
            if (params.has("credentialType") && params.has("credentialId")) {
                credential = new Credential(CredentialType.valueOf(params.get("credentialType").asText()),
                        params.get("credentialId").asText(), params.has("pin") ? params.get("pin").asText() : null);
            }
        }
        String issuedBy = text(root, "issuedBy");
        try {
            LockCommand command = new LockCommand(commandId, lockId, CommandType.valueOf(type), expiresAt, relock,
                    credential, issuedBy == null ? "cloud" : "cloud:" + issuedBy);
            return new CommandCheck.Accepted(command, expiresAt);
        } catch (IllegalArgumentException e) {
            // e.g. SET_CREDENTIAL without a credential: valid JSON, not a valid command
            return new CommandCheck.Rejected(commandId, lockId, type, Outcome.INVALID, "parameters", e.getMessage());
        }
    }

    /** @return the first way the payload breaks command.schema.json, or null when it is valid */
    static String schemaError(JsonNode root) {
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                return "unknown field " + name;
            }
        }
        for (String name : REQUIRED) {
            if (!root.has(name)) {
                return "missing field " + name;
            }
        }
        JsonNode v = root.get("v");
        if (!v.isIntegralNumber() || v.asLong() != 1) {
            return "v must be 1";
        }
        if (!matches(root, "propertyId", Topics.ID) || !matches(root, "gatewayId", Topics.ID)) {
            return "propertyId and gatewayId must be ids";
        }
        if (!matches(root, "lockId", Payloads.LOCK_ID)) {
            return "lockId is not a lock id";
        }
        if (!root.get("type").isTextual() || !isCommandType(root.get("type").asText())) {
            return "type is not a command type";
        }
        for (String name : new String[] { "issuedAt", "expiresAt" }) {
            JsonNode t = root.get(name);
            if (!t.isTextual() || t.asText().length() > 40 || instant(t.asText()) == null) {
                return name + " is not a date-time";
            }
        }
        JsonNode issuedBy = root.get("issuedBy");
        if (issuedBy != null && (!issuedBy.isTextual() || issuedBy.asText().length() > 256)) {
            return "issuedBy must be a string of at most 256 characters";
        }
        JsonNode params = root.get("params");
        if (params != null) {
            if (!params.isObject()) {
                return "params must be an object";
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> p = it.next();
                JsonNode value = p.getValue();
                switch (p.getKey()) {
                    case "relockAfterSeconds" -> {
                        if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > 3600) {
                            return "params.relockAfterSeconds must be an integer 1..3600";
                        }
                    }
                    case "credentialType" -> {
                        if (!value.isTextual() || !Set.of("PIN", "CARD", "MOBILE_KEY").contains(value.asText())) {
                            return "params.credentialType is not a credential type";
                        }
                    }
                    case "credentialId" -> {
                        if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > 128) {
                            return "params.credentialId must be 1..128 characters";
                        }
                    }
                    case "pin" -> {
                        if (!value.isTextual() || !PIN.matcher(value.asText()).matches()) {
                            return "params.pin must be 4..10 digits";
                        }
                    }
                    default -> {
                        return "unknown field params." + p.getKey();
                    }
                }
            }
            if (!PARAMS.containsAll(setOf(params))) {
                return "unknown params";
            }
        }
        return null;
    }

    private static Set<String> setOf(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean matches(JsonNode root, String name, Pattern pattern) {
        JsonNode n = root.get(name);
        return n != null && n.isTextual() && pattern.matcher(n.asText()).matches();
    }

    private static boolean isCommandType(String type) {
        for (CommandType t : CommandType.values()) {
            if (t.name().equals(type)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 3339 date-time with an offset, as JSON Schema's "date-time" format requires. */
    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode root, String name) {
        JsonNode n = root.get(name);
        return n != null && n.isTextual() ? n.asText() : null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
