package org.openmusicbox.protocol.v1.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openmusicbox.protocol.json.JsonCodec;

class HttpEnvelopeTest {

    private final JsonCodec codec = new JsonCodec();

    private JsonNode written(Object value) {
        return codec.readTree(codec.toJson(value));
    }

    @Test
    void successTimestampIsEpochSecondsWithAFraction() {
        double before = System.currentTimeMillis() / 1000.0;
        ApiSuccess success = ApiSuccess.of("Playlist created successfully", Map.of("id", "p1"));
        double after = System.currentTimeMillis() / 1000.0;
        assertEquals("success", success.status());
        assertTrue(
                success.timestamp() >= before && success.timestamp() <= after,
                () -> success.timestamp() + " not in [" + before + ", " + after + "]");
        assertTrue(written(success).get("timestamp").isDouble());
    }

    @Test
    void successOmitsAbsentOptionalFields() {
        JsonNode node = written(ApiSuccess.of("Done", null));
        assertEquals(Set.of("status", "message", "timestamp"), fieldNames(node));
    }

    @Test
    void successAlwaysHasAMessage() {
        JsonNode node = written(new ApiSuccess("success", null, 1.5, null, null, null));
        assertTrue(node.has("message") && node.get("message").isNull(), node::toString);
    }

    @Test
    void successCarriesSeqAndClientOpIdWhenGiven() {
        ApiSuccess success = ApiSuccess.of("Volume set", Map.of("volume", 40))
                .withServerSeq(17)
                .withClientOpId("op-1");
        JsonNode node = written(success);
        assertEquals(17, node.get("server_seq").asLong());
        assertEquals("op-1", node.get("client_op_id").asText());
        assertEquals(40, node.get("data").get("volume").asInt());
        assertEquals("Volume set", node.get("message").asText());
    }

    @Test
    void playlistDataIsThePlaylistAndTheSamePlaylistUnderPlaylist() {
        org.openmusicbox.protocol.v1.Playlist p = new org.openmusicbox.protocol.v1.Playlist(
                "p1",
                "Bedtime",
                "Soft songs",
                "04a1b2",
                List.of(),
                0,
                0,
                "2026-11-26T00:00:53Z",
                "2026-11-26T00:00:54Z");
        JsonNode node = written(PlaylistData.of(p));
        JsonNode alone = written(p);
        JsonNode nested = node.get("playlist");
        assertEquals(alone, nested, "data.playlist is the playlist as GET sends it");
        alone.fieldNames().forEachRemaining(name -> assertEquals(alone.get(name), node.get(name), "data." + name));
        assertEquals(fieldNames(alone).size() + 1, fieldNames(node).size(), () -> "only playlist is added: " + node);
    }

    @Test
    void errorHasStatusTypeMessageAndTimestampOnly() {
        JsonNode node = written(ApiError.of(ApiError.NOT_FOUND, "Playlist not found: nope"));
        assertEquals(Set.of("status", "error_type", "message", "timestamp"), fieldNames(node));
        assertEquals("error", node.get("status").asText());
        assertEquals("not_found", node.get("error_type").asText());
    }

    @Test
    void errorWithDetailsClientOpIdAndFieldErrors() {
        Map<String, Object> details = new HashMap<>();
        details.put("resource", "Playlist");
        details.put("id", null);
        ApiError error = ApiError.of(ApiError.VALIDATION_ERROR, "Invalid playlist")
                .withDetails(details)
                .withClientOpId("c1")
                .withErrors(List.of(
                        new ApiError.FieldError("title", "Title too long (max 255 chars)"),
                        new ApiError.FieldError(null, "Body must be a JSON object")));
        JsonNode node = written(error);
        assertEquals("Playlist", node.get("details").get("resource").asText());
        assertTrue(node.get("details").has("id"), "a null detail is still a detail");
        assertEquals("c1", node.get("client_op_id").asText());
        assertEquals("title", node.get("errors").get(0).get("field").asText());
        // A whole-body problem has no field, and the original's stringified-dict message is not copied.
        assertFalse(node.get("errors").get(1).has("field"));
        assertEquals(
                "Body must be a JSON object",
                node.get("errors").get(1).get("message").asText());
    }

    @Test
    void errorTypesAreTheContractOnes() {
        assertEquals(
                List.of(
                        "bad_request",
                        "validation_error",
                        "not_found",
                        "conflict",
                        "method_not_allowed",
                        "payload_too_large",
                        "unsupported_media_type",
                        "internal_error",
                        "service_unavailable",
                        "rate_limit_error",
                        "unauthorized",
                        "forbidden"),
                List.of(
                        ApiError.BAD_REQUEST,
                        ApiError.VALIDATION_ERROR,
                        ApiError.NOT_FOUND,
                        ApiError.CONFLICT,
                        ApiError.METHOD_NOT_ALLOWED,
                        ApiError.PAYLOAD_TOO_LARGE,
                        ApiError.UNSUPPORTED_MEDIA_TYPE,
                        ApiError.INTERNAL_ERROR,
                        ApiError.SERVICE_UNAVAILABLE,
                        ApiError.RATE_LIMIT_ERROR,
                        ApiError.UNAUTHORIZED,
                        ApiError.FORBIDDEN));
    }

    @Test
    void pageDataUsesSnakeCaseTotalPages() {
        JsonNode node = written(new PlaylistPageData(List.of(), 2, 50, 120, 3));
        assertEquals(3, node.get("total_pages").asInt());
        assertEquals(120, node.get("total").asInt());
    }

    private static Set<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return Set.copyOf(names);
    }
}
