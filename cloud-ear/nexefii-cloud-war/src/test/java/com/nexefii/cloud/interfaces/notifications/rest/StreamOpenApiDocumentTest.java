package com.nexefii.cloud.interfaces.notifications.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The static part of the OpenAPI document (the stream Servlet, which no JAX-RS annotation reaches)
 * parses: Payara logs a broken static document as a warning and serves the rest without it. The
 * served document is checked in ApiSecurityIT.
 */
class StreamOpenApiDocumentTest {

    @Test
    void givenTheStaticOpenApiFile_whenParsed_thenItDescribesTheStreamWithItsParametersAndProblemAnswers() throws Exception {
        JsonNode doc;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/openapi.yaml")) {
            assertThat(in).as("META-INF/openapi.yaml on the class path").isNotNull();
            doc = new YAMLMapper().readTree(in);
        }
        JsonNode get = doc.path("paths").path("/api/v1/notifications/stream").path("get");
        assertThat(get.path("parameters").findValuesAsText("name")).containsExactlyInAnyOrder("ticket", "Last-Event-ID",
                "lastEventId");
        assertThat(get.path("responses").path("200").path("content").has("text/event-stream")).isTrue();
        for (String status : new String[] { "400", "401", "403" }) {
            JsonNode content = get.path("responses").path(status).path("content");
            assertThat(content.has("application/problem+json")).as(status).isTrue();
            String ref = content.path("application/problem+json").path("schema").path("$ref").asText();
            assertThat(doc.at(ref.substring(1))).as(ref).isNotNull();
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }
}
