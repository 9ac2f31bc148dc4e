package org.openmusicbox.protocol.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.http.ApiError;
import org.openmusicbox.protocol.v1.http.ApiSuccess;
import org.openmusicbox.protocol.v1.http.PlaylistData;
import org.openmusicbox.protocol.v1.http.PlaylistPageData;

/**
 * Every fixture under {@code protocol/v1} is read into its record and written back; the output must be the
 * fixture, field for field. A field the record drops, renames, or adds shows up as a difference.
 */
class FixtureRoundTripTest {

    private static final String DIR = "/protocol/v1/";
    private static final JsonCodec CODEC = new JsonCodec();

    record Case(String fixture, Class<?> type, Class<?>... parameters) {
        @Override
        public String toString() {
            return fixture + " as " + type.getSimpleName()
                    + (parameters.length == 0 ? "" : "<" + parameters[0].getSimpleName() + ">");
        }
    }

    static List<Case> cases() {
        return List.of(
                // Domain records
                new Case("track", Track.class),
                new Case("track-with-cover", Track.class),
                new Case("playlist", Playlist.class),
                new Case("playlist-empty", Playlist.class),
                new Case("playlist-lite", PlaylistLite.class),
                new Case("playlist-lite-with-cover", PlaylistLite.class),
                new Case("player-state", PlayerState.class),
                new Case("player-state-idle", PlayerState.class),
                // state:* envelopes, one per data type
                new Case("state-player", StateEnvelope.class, PlayerState.class),
                new Case("state-player-idle", StateEnvelope.class, PlayerState.class),
                new Case("state-track-position", StateEnvelope.class, TrackPosition.class),
                new Case("state-playlists", StateEnvelope.class, PlaylistsSnapshot.class),
                new Case("state-playlist", StateEnvelope.class, Playlist.class),
                new Case("state-track", StateEnvelope.class, Track.class),
                new Case("state-playlist-created", StateEnvelope.class, PlaylistCreated.class),
                new Case("state-playlist-updated", StateEnvelope.class, PlaylistUpdated.class),
                new Case("state-playlist-deleted", StateEnvelope.class, PlaylistDeleted.class),
                new Case("state-track-added", StateEnvelope.class, TrackAdded.class),
                new Case("state-track-deleted", StateEnvelope.class, TrackDeleted.class),
                new Case("state-volume-changed", StateEnvelope.class, VolumeChanged.class),
                new Case("state-tag-named", StateEnvelope.class, TagNamed.class),
                // State data on its own, in the variants the envelopes above do not show
                new Case("playlists-snapshot", PlaylistsSnapshot.class),
                new Case("playlist-created", PlaylistCreated.class),
                new Case("playlist-updated", PlaylistUpdated.class),
                new Case("playlist-deleted", PlaylistDeleted.class),
                new Case("track-added", TrackAdded.class),
                new Case("track-deleted", TrackDeleted.class),
                new Case("track-position", TrackPosition.class),
                new Case("volume-changed", VolumeChanged.class),
                // Connection, rooms, operations
                new Case("connection-status", ConnectionStatus.class),
                new Case("client-ping", ClientPing.class),
                new Case("client-pong", ClientPong.class),
                new Case("playlist-room-request", PlaylistRoomRequest.class),
                new Case("nfc-room-request", NfcRoomRequest.class),
                new Case("ack-join-playlists", RoomAck.class),
                new Case("ack-join-playlist", RoomAck.class),
                new Case("ack-leave-playlist", RoomAck.class),
                new Case("ack-op", OpAck.class),
                new Case("ack-op-without-data", OpAck.class),
                new Case("err-op", OpError.class),
                // Uploads
                new Case("upload-progress", UploadProgress.class),
                new Case("upload-progress-last-chunk", UploadProgress.class),
                new Case("upload-complete", UploadComplete.class),
                new Case("upload-error", UploadError.class),
                // NFC
                new Case("nfc-status-listening", NfcStatus.class),
                new Case("nfc-status-duplicate", NfcStatus.class),
                new Case("nfc-association-state-waiting", NfcAssociationState.class),
                new Case("nfc-association-state-duplicate", NfcAssociationState.class),
                new Case("start-nfc-link", StartNfcLink.class),
                new Case("stop-nfc-link", StopNfcLink.class),
                new Case("override-nfc-tag", OverrideNfcTag.class),
                // YouTube
                new Case("youtube-progress", YoutubeProgress.class),
                new Case("youtube-complete", YoutubeComplete.class),
                new Case("youtube-error", YoutubeError.class),
                // Health and sync
                new Case("health-status", HealthStatus.class),
                new Case("health-error", HealthError.class),
                new Case("sync-request", SyncRequest.class),
                new Case("sync-request-minimal", SyncRequest.class),
                new Case("sync-complete", SyncComplete.class),
                new Case("sync-error", SyncError.class),
                new Case("request-current-state", RequestCurrentState.class),
                // HTTP envelopes
                new Case("api-success", ApiSuccess.class),
                new Case("api-success-player", ApiSuccess.class),
                new Case("api-error-not-found", ApiError.class),
                new Case("api-error-validation", ApiError.class),
                new Case("playlist-page-data", PlaylistPageData.class),
                new Case("playlist-data", PlaylistData.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixtureSurvivesReadAndWrite(Case c) {
        String json = fixture(c.fixture());
        JsonNode expected = CODEC.readTree(json);

        Object value =
                c.parameters().length == 0 ? CODEC.read(json, c.type()) : CODEC.read(json, c.type(), c.parameters());
        assertTrue(c.type().isInstance(value));
        if (c.parameters().length > 0) {
            Object data = ((StateEnvelope<?>) value).data();
            assertTrue(
                    c.parameters()[0].isInstance(data),
                    () -> "data was read as " + data.getClass().getName());
        }
        // Re-parse the text rather than valueToTree so both sides get the same node classes.
        JsonNode actual = CODEC.readTree(CODEC.toJson(value));

        assertTrue(
                JsonTrees.sameTree(expected, actual),
                () -> c.fixture() + ": "
                        + JsonTrees.firstDifference(expected, actual).orElse("trees differ") + "\nwritten: " + actual);
    }

    @Test
    void everyFixtureFileHasACase() throws IOException, URISyntaxException {
        URL dir = FixtureRoundTripTest.class.getResource(DIR);
        Set<String> files;
        try (Stream<Path> list = Files.list(Path.of(dir.toURI()))) {
            files = list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> covered = cases().stream().map(Case::fixture).collect(Collectors.toCollection(TreeSet::new));
        Set<String> withoutCase = new TreeSet<>(files);
        withoutCase.removeAll(covered);
        Set<String> withoutFile = new TreeSet<>(covered);
        withoutFile.removeAll(files);
        assertEquals(Set.of(), withoutCase, "fixture files that no case reads");
        assertEquals(Set.of(), withoutFile, "cases whose fixture file is missing");
    }

    @Test
    void everyTopLevelProtocolRecordHasAFixture() throws IOException, URISyntaxException {
        Path classes = Path.of(
                Track.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path v1 = classes.resolve("org/openmusicbox/protocol/v1");
        Set<String> records;
        try (Stream<Path> walk = Files.walk(v1)) {
            records = walk.map(p -> classes.relativize(p).toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.endsWith("package-info.class"))
                    // The MQTT records have their own fixtures and check: mqtt.MqttFixtureRoundTripTest.
                    .filter(n -> !n.replace('\\', '/').startsWith("org/openmusicbox/protocol/v1/mqtt/"))
                    // The sync model is not a wire shape: its records never go on the wire as they are.
                    .filter(n -> !n.replace('\\', '/').startsWith("org/openmusicbox/protocol/v1/sync/"))
                    .map(n -> n.substring(0, n.length() - ".class".length())
                            .replace('/', '.')
                            .replace('\\', '.'))
                    .map(FixtureRoundTripTest::load)
                    .filter(Class::isRecord)
                    .map(Class::getName)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertFalse(records.isEmpty(), "no records found under " + v1);
        Set<String> covered = cases().stream()
                .flatMap(c -> Stream.concat(Stream.of(c.type()), Arrays.stream(c.parameters())))
                .map(Class::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        records.removeAll(covered);
        assertEquals(Set.of(), records, "records without a fixture");
    }

    static String fixture(String name) {
        try (InputStream in = FixtureRoundTripTest.class.getResourceAsStream(DIR + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
