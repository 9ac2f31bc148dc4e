package org.openmusicbox.protocol.v1.mqtt;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.json.JsonCodec.JsonFormatException;

/**
 * A message that cannot be used is refused when it is read, as a {@link JsonFormatException} whose message names
 * the field, and when it is built in Java, as an {@link IllegalArgumentException}.
 */
class MqttValidationTest {

    private static final JsonCodec CODEC = new JsonCodec();
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String AT = "2026-11-26T08:15:02Z";

    /** The fixture with one edit applied, read as {@code type}; must fail naming {@code field}. */
    private static void refused(String fixture, Class<?> type, String field, Consumer<ObjectNode> edit) {
        ObjectNode tree = (ObjectNode) CODEC.readTree(MqttFixtureRoundTripTest.fixture(fixture));
        edit.accept(tree);
        String json = tree.toString();
        JsonFormatException e = assertThrows(JsonFormatException.class, () -> CODEC.read(json, type), json);
        assertTrue(e.getMessage().contains(field), () -> "message does not name " + field + ": " + e.getMessage());
        // The byte[] reader, used by the MQTT bindings, refuses it the same way.
        assertThrows(JsonFormatException.class, () -> CODEC.read(json.getBytes(), type));
    }

    private static void refusedInJava(String field, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(field), () -> "message does not name " + field + ": " + e.getMessage());
    }

    private static ObjectNode change(ObjectNode changes, int i) {
        return (ObjectNode) changes.get("changes").get(i);
    }

    @Test
    void libraryChangesRefusesAnUnusableChange() {
        refused(
                "library-changes",
                LibraryChanges.class,
                "change_id",
                t -> change(t, 0).putNull("change_id"));
        refused(
                "library-changes",
                LibraryChanges.class,
                "change_id",
                t -> change(t, 0).remove("change_id"));
        refused(
                "library-changes",
                LibraryChanges.class,
                "entity_id",
                t -> change(t, 1).put("entity_id", " "));
        refused(
                "library-changes",
                LibraryChanges.class,
                "version",
                t -> change(t, 1).put("version", -1));
        // A missing number is refused by the codec itself (FAIL_ON_NULL_FOR_PRIMITIVES), without the field's name.
        refused("library-changes", LibraryChanges.class, "", t -> change(t, 1).remove("version"));
        refused("library-changes", LibraryChanges.class, "op", t -> change(t, 0).put("op", "move"));
        refused("library-changes", LibraryChanges.class, "op", t -> change(t, 0).put("op", "UPSERT"));
        refused("library-changes", LibraryChanges.class, "op", t -> change(t, 0).remove("op"));
        refused(
                "library-changes",
                LibraryChanges.class,
                "entity",
                t -> change(t, 0).put("entity", "album"));
        refused(
                "library-changes",
                LibraryChanges.class,
                "entity",
                t -> change(t, 0).putNull("entity"));
        refused(
                "library-changes",
                LibraryChanges.class,
                "changed_at",
                t -> change(t, 0).put("changed_at", "yesterday"));
        refused(
                "library-changes",
                LibraryChanges.class,
                "changed_at",
                t -> change(t, 0).remove("changed_at"));
    }

    @Test
    void anUpsertCarriesTheFieldsOfItsEntityAndNoOthers() {
        refused(
                "library-changes",
                LibraryChanges.class,
                "playlist",
                t -> change(t, 0).remove("playlist"));
        refused(
                "library-changes",
                LibraryChanges.class,
                "track",
                t -> change(t, 1).remove("track"));
        refused(
                "library-changes",
                LibraryChanges.class,
                "tag",
                t -> change(t, 2).remove("tag"));
        refused(
                "library-changes",
                LibraryChanges.class,
                "playlist",
                t -> change(t, 1).set("playlist", change(t, 0).get("playlist")));
        refused(
                "library-changes",
                LibraryChanges.class,
                "tag",
                t -> change(t, 3).set("tag", change(t, 2).get("tag")));
    }

    @Test
    void entityFieldsAreChecked() {
        refused(
                "library-changes",
                LibraryChanges.class,
                "playlist.title",
                t -> ((ObjectNode) change(t, 0).get("playlist")).remove("title"));
        refused(
                "library-changes",
                LibraryChanges.class,
                "track.playlist_id",
                t -> ((ObjectNode) change(t, 1).get("track")).remove("playlist_id"));
        refused(
                "library-changes",
                LibraryChanges.class,
                "track.track_number",
                t -> ((ObjectNode) change(t, 1).get("track")).put("track_number", 0));
        refused(
                "library-changes",
                LibraryChanges.class,
                "track.duration_ms",
                t -> ((ObjectNode) change(t, 1).get("track")).put("duration_ms", -5));
        refused(
                "library-changes",
                LibraryChanges.class,
                "track.sha256",
                t -> ((ObjectNode) change(t, 1).get("track")).put("sha256", SHA.toUpperCase()));
        refused(
                "library-changes",
                LibraryChanges.class,
                "track.file_size",
                t -> ((ObjectNode) change(t, 1).get("track")).put("file_size", -1));
        refused(
                "library-changes",
                LibraryChanges.class,
                "tag.playlist_id",
                t -> ((ObjectNode) change(t, 2).get("tag")).putNull("playlist_id"));
    }

    @Test
    void libraryChangesNeedsAValidDeviceIdAndAList() {
        refused("library-changes", LibraryChanges.class, "device_id", t -> t.remove("device_id"));
        refused("library-changes", LibraryChanges.class, "device_id", t -> t.put("device_id", "box/1"));
        refused("library-changes", LibraryChanges.class, "device_id", t -> t.put("device_id", "+"));
        refused("library-changes", LibraryChanges.class, "changes", t -> t.remove("changes"));
        refused(
                "library-changes",
                LibraryChanges.class,
                "changes[1]",
                t -> ((ArrayNode) t.get("changes")).set(1, t.nullNode()));
    }

    @Test
    void aBatchHasAtMostMaxChanges() {
        LibraryChange one = LibraryChange.delete("c", Entity.TRACK, "t", 1, AT);
        assertDoesNotThrow(() -> new LibraryChanges("box", Collections.nCopies(LibraryChanges.MAX_CHANGES, one)));
        refusedInJava(
                "changes", () -> new LibraryChanges("box", Collections.nCopies(LibraryChanges.MAX_CHANGES + 1, one)));
    }

    @Test
    void aDeleteNeedsNoFields() {
        LibraryChange delete = LibraryChange.delete("c1", Entity.PLAYLIST, "pl-1", 7, AT);
        assertEquals(Op.DELETE, delete.op());
        String json = CODEC.toJson(delete);
        assertEquals(delete, CODEC.read(json, LibraryChange.class));
        assertTrue(!json.contains("\"playlist\":"), json);
    }

    @Test
    void javaBuildersCheckTheSameRules() {
        refusedInJava("change_id", () -> LibraryChange.delete(null, Entity.TAG, "t", 1, AT));
        refusedInJava("version", () -> LibraryChange.delete("c", Entity.TAG, "t", -1, AT));
        refusedInJava("entity", () -> LibraryChange.delete("c", null, "t", 1, AT));
        refusedInJava("op", () -> new LibraryChange("c", Entity.TAG, "t", 1, null, AT, null, null, null));
        refusedInJava("op", () -> Op.of("move"));
        refusedInJava("entity", () -> Entity.of("album"));
        refusedInJava("outcome", () -> Outcome.of("ok"));
        refusedInJava("playlist.title", () -> new LibraryChange.PlaylistFields(null, "d"));
    }

    @Test
    void changeResultNeedsAReasonWhenRejected() {
        refused("change-result-rejected", ChangeResult.class, "reason", t -> t.remove("reason"));
        refused("change-result-rejected", ChangeResult.class, "outcome", t -> t.put("outcome", "lost"));
        refused("change-result-rejected", ChangeResult.class, "stored_version", t -> t.put("stored_version", -2));
        refused(
                "change-acks",
                ChangeAcks.class,
                "change_id",
                t -> ((ObjectNode) t.get("results").get(0)).remove("change_id"));
        refused("change-acks", ChangeAcks.class, "device_id", t -> t.put("device_id", ""));
    }

    @Test
    void uploadMessagesAreChecked() {
        refused("upload-ready", UploadReady.class, "request_id", t -> t.remove("request_id"));
        refused("upload-ready", UploadReady.class, "object_key", t -> t.put("object_key", ""));
        refused("upload-ready", UploadReady.class, "declared_size", t -> t.put("declared_size", -1));
        refused("upload-ready", UploadReady.class, "sha256", t -> t.put("sha256", "abc"));
        refused("upload-ready", UploadReady.class, "device_id", t -> t.put("device_id", "a".repeat(65)));
        refused("upload-result-done", UploadResult.class, "track", t -> t.remove("track"));
        refused("upload-result-done", UploadResult.class, "status", t -> t.put("status", "pending"));
        refused(
                "upload-result-done",
                UploadResult.class,
                "sha256",
                t -> ((ObjectNode) t.get("track")).remove("sha256"));
        refused("upload-result-error", UploadResult.class, "error_type", t -> t.remove("error_type"));
        refused("cloud-track", CloudTrack.class, "format", t -> t.remove("format"));
        refused("cloud-track", CloudTrack.class, "track_number", t -> t.put("track_number", -3));
    }

    @Test
    void aCloudTrackHasAllItsMediaOrNone() {
        ObjectNode tree = (ObjectNode) CODEC.readTree(MqttFixtureRoundTripTest.fixture("cloud-track"));
        assertTrue(CODEC.read(tree.toString(), CloudTrack.class).hasMedia());
        withoutMedia(tree);
        CloudTrack notStored = CODEC.read(tree.toString(), CloudTrack.class);
        assertFalse(notStored.hasMedia());
        assertEquals(tree, CODEC.readTree(CODEC.toJson(notStored)), "no media fields and no has_media written");

        String rule = "object_key, sha256 and format must be all present or all absent";
        refused("cloud-track", CloudTrack.class, rule, t -> t.remove("object_key"));
        refused("cloud-track", CloudTrack.class, rule, t -> t.remove("sha256"));
        refused("cloud-track", CloudTrack.class, rule, t -> t.remove(List.of("object_key", "sha256")));
        refused("cloud-track", CloudTrack.class, rule, t -> t.remove(List.of("sha256", "format")));
        refused("cloud-track", CloudTrack.class, "object_key must not be blank", t -> t.put("object_key", " "));
        refused("cloud-track", CloudTrack.class, "format must not be blank", t -> t.put("format", ""));
        refused("cloud-track", CloudTrack.class, "sha256 must be 64", t -> t.put("sha256", "ABC"));
        refusedInJava(rule, () -> new CloudTrack("t", "p", 1, "Song", null, null, 0, null, SHA, 0, "mp3"));
        refusedInJava(rule, () -> new CloudTrack("t", "p", 1, "Song", null, null, 0, "media/x.mp3", null, 0, null));
        assertDoesNotThrow(() -> new CloudTrack("t", "p", 1, "Song", null, null, 0, null, null, 0, null));
    }

    @Test
    void aTrackHandedToTheDeviceMustCarryItsMedia() {
        refused(
                "upload-result-done",
                UploadResult.class,
                "track must carry its media",
                t -> withoutMedia((ObjectNode) t.get("track")));
        refused(
                "youtube-done",
                YoutubeDone.class,
                "tracks[1] must carry its media",
                t -> withoutMedia((ObjectNode) t.get("tracks").get(1)));

        CloudTrack notStored = new CloudTrack("t", "p", 1, "Song", null, null, 0, null, null, 0, null);
        CloudTrack stored =
                new CloudTrack("t2", "p", 2, "Song", null, null, 0, CloudTrack.objectKey(SHA, "mp3"), SHA, 10, "mp3");
        refusedInJava("track must carry its media", () -> UploadResult.done("r", notStored));
        refusedInJava("tracks[0] must carry its media", () -> new YoutubeDone("y", "p", List.of(notStored, stored)));
        assertDoesNotThrow(() -> UploadResult.done("r", stored));
        assertDoesNotThrow(() -> UploadResult.error("r", "p", UploadResult.NOT_FOUND, "gone"));
    }

    private static void withoutMedia(ObjectNode track) {
        track.remove(List.of("object_key", "sha256", "format"));
    }

    @Test
    void youtubeMessagesAreChecked() {
        refused("youtube-request", YoutubeRequest.class, "url", t -> t.put("url", "file:///etc/passwd"));
        refused("youtube-request", YoutubeRequest.class, "url", t -> t.put("url", "--exec rm"));
        refused("youtube-request", YoutubeRequest.class, "url", t -> t.remove("url"));
        refused("youtube-request", YoutubeRequest.class, "task_id", t -> t.remove("task_id"));
        refused("youtube-request", YoutubeRequest.class, "playlist_id", t -> t.putNull("playlist_id"));
        assertDoesNotThrow(() -> new YoutubeRequest("t", "box", "http://127.0.0.1:8089/audio.mp3", "p"));
        refused("youtube-done", YoutubeDone.class, "tracks", t -> t.putArray("tracks"));
        refused("youtube-done", YoutubeDone.class, "tracks", t -> t.remove("tracks"));
        refused("youtube-failed", YoutubeFailed.class, "error_type", t -> t.remove("error_type"));
    }

    @Test
    void mediaMessagesAreChecked() {
        refused("media-request-put", MediaRequest.class, "action", t -> t.put("action", "delete"));
        refused("media-request-put", MediaRequest.class, "sha256", t -> t.put("sha256", SHA.toUpperCase()));
        refused("media-request-put", MediaRequest.class, "sha256", t -> t.remove("sha256"));
        // The format becomes part of an object key: no dots, slashes or upper case.
        refused("media-request-put", MediaRequest.class, "format", t -> t.put("format", "mp3/../x"));
        refused("media-request-put", MediaRequest.class, "format", t -> t.put("format", ""));
        refused("media-request-put", MediaRequest.class, "file_size", t -> t.put("file_size", 0));
        refused("media-request-get", MediaRequest.class, "device_id", t -> t.put("device_id", "box/+"));
        assertEquals(
                "media/" + SHA + ".m4a",
                CODEC.read(MqttFixtureRoundTripTest.fixture("media-request-get"), MediaRequest.class)
                        .objectKey());
        refused("media-answer-url", MediaAnswer.class, "url", t -> t.remove("url"));
        refused("media-answer-url", MediaAnswer.class, "expires_at", t -> t.put("expires_at", "soon"));
        refused("media-answer-error", MediaAnswer.class, "error_type", t -> t.remove("error_type"));
        refused("media-answer-present", MediaAnswer.class, "status", t -> t.put("status", "gone"));
        refused("media-answer-present", MediaAnswer.class, "object_key", t -> t.remove("object_key"));
    }

    @Test
    void youtubeFailedBecomesTheSocketEvent() {
        YoutubeFailed failed = CODEC.read(MqttFixtureRoundTripTest.fixture("youtube-failed"), YoutubeFailed.class);
        assertEquals(
                new org.openmusicbox.protocol.v1.YoutubeError(failed.taskId(), failed.message()),
                failed.toSocketEvent());
    }

    @Test
    void commandsAndRepliesAreChecked() {
        refused("device-command", DeviceCommand.class, "command_id", t -> t.remove("command_id"));
        refused("device-command", DeviceCommand.class, "name", t -> t.put("name", ""));
        refused("command-reply-failed", CommandReply.class, "error_type", t -> t.remove("error_type"));
        refused("command-reply-ok", CommandReply.class, "command_id", t -> t.putNull("command_id"));
        refused("command-reply-ok", CommandReply.class, "", t -> t.remove("success"));
    }

    @Test
    void commandArgsMayBeAbsentOrHoldNulls() {
        DeviceCommand bare = CODEC.read("{\"command_id\":\"c\",\"name\":\"sync_now\"}", DeviceCommand.class);
        assertEquals(Map.of(), bare.args());
        Map<String, Object> args = new HashMap<>();
        args.put("playlist_id", null);
        assertTrue(new DeviceCommand("c", "play", args).args().containsKey("playlist_id"));
    }

    @Test
    void presenceAndErrorsAreChecked() {
        refused("presence-online", Presence.class, "status", t -> t.put("status", "away"));
        refused("presence-online", Presence.class, "at", t -> t.put("at", "1795650023"));
        refused("presence-online", Presence.class, "device_id", t -> t.put("device_id", "box#1"));
        refused("message-rejected", MessageRejected.class, "topic", t -> t.remove("topic"));
        refused("message-rejected", MessageRejected.class, "reason", t -> t.put("reason", ""));
    }

    @Test
    void listsAreCopied() {
        List<LibraryChange> changes = new java.util.ArrayList<>();
        changes.add(LibraryChange.delete("c", Entity.TRACK, "t", 1, AT));
        LibraryChanges batch = new LibraryChanges("box", changes);
        changes.clear();
        assertEquals(1, batch.changes().size());
        assertThrows(UnsupportedOperationException.class, () -> batch.changes().clear());
    }
}
