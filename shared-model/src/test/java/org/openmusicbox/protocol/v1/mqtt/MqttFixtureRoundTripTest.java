package org.openmusicbox.protocol.v1.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.YoutubeProgress;

/**
 * Every fixture under {@code protocol/v1/mqtt} is read into its record and written back; the output must be the
 * fixture, field for field. Same rule as the Socket.IO fixtures, for the MQTT payloads.
 */
class MqttFixtureRoundTripTest {

    private static final String DIR = "/protocol/v1/mqtt/";
    private static final JsonCodec CODEC = new JsonCodec();

    /** Numbers compare by value: JSON does not tell 42 from 42.0. */
    private static final Comparator<JsonNode> LEAVES = (a, b) -> {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
        }
        return 1;
    };

    record Case(String fixture, Class<?> type) {
        @Override
        public String toString() {
            return fixture + " as " + type.getSimpleName();
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("library-changes", LibraryChanges.class),
                new Case("library-change-track-not-uploaded", LibraryChange.class),
                new Case("change-acks", ChangeAcks.class),
                new Case("change-result-rejected", ChangeResult.class),
                new Case("sync-changes", SyncChanges.class),
                new Case("sync-change-tag-link", SyncChange.class),
                new Case("sync-acks", SyncAcks.class),
                new Case("sync-result-rejected", SyncResult.class),
                new Case("sync-pull", SyncPull.class),
                new Case("sync-pull-from-start", SyncPull.class),
                new Case("sync-log", SyncLog.class),
                new Case("sync-log-last-page", SyncLog.class),
                new Case("upload-ready", UploadReady.class),
                new Case("upload-ready-without-sha256", UploadReady.class),
                new Case("upload-result-done", UploadResult.class),
                new Case("upload-result-error", UploadResult.class),
                new Case("cloud-track", CloudTrack.class),
                new Case("media-request-put", MediaRequest.class),
                new Case("media-request-get", MediaRequest.class),
                new Case("media-answer-url", MediaAnswer.class),
                new Case("media-answer-present", MediaAnswer.class),
                new Case("media-answer-error", MediaAnswer.class),
                new Case("youtube-request", YoutubeRequest.class),
                new Case("youtube-progress", YoutubeProgress.class),
                new Case("youtube-done", YoutubeDone.class),
                new Case("youtube-failed", YoutubeFailed.class),
                new Case("device-command", DeviceCommand.class),
                new Case("device-command-without-args", DeviceCommand.class),
                new Case("command-reply-ok", CommandReply.class),
                new Case("command-reply-failed", CommandReply.class),
                new Case("presence-online", Presence.class),
                new Case("presence-offline", Presence.class),
                new Case("remote-phones", RemotePhones.class),
                new Case("remote-phones-off", RemotePhones.class),
                new Case("remote-viewers", RemoteViewers.class),
                new Case("remote-state", RemoteState.class),
                new Case("http-call", HttpCall.class),
                new Case("http-answer", HttpAnswer.class),
                new Case("socket-call", SocketCall.class),
                new Case("socket-answer", SocketAnswer.class),
                new Case("message-rejected", MessageRejected.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixtureSurvivesReadAndWrite(Case c) {
        String json = fixture(c.fixture());
        JsonNode expected = CODEC.readTree(json);

        Object value = CODEC.read(json, c.type());
        assertTrue(c.type().isInstance(value));
        JsonNode actual = CODEC.readTree(CODEC.toJson(value));

        assertTrue(
                expected.equals(LEAVES, actual),
                () -> c.fixture() + "\nexpected: " + expected + "\nwritten:  " + actual);
    }

    @Test
    void everyFixtureFileHasACase() throws IOException, URISyntaxException {
        Set<String> files;
        try (Stream<Path> list = Files.list(
                Path.of(MqttFixtureRoundTripTest.class.getResource(DIR).toURI()))) {
            files = list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> covered = cases().stream().map(Case::fixture).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(covered, files);
    }

    @Test
    void everyMqttRecordHasAFixture() throws IOException, URISyntaxException {
        Path classes = Path.of(
                Topics.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path mqtt = classes.resolve("org/openmusicbox/protocol/v1/mqtt");
        Set<String> records;
        try (Stream<Path> walk = Files.walk(mqtt)) {
            records = walk.map(p -> classes.relativize(p).toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.endsWith("package-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length())
                            .replace('/', '.')
                            .replace('\\', '.'))
                    .map(MqttFixtureRoundTripTest::load)
                    .filter(Class::isRecord)
                    .map(Class::getName)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertFalse(records.isEmpty(), "no records found under " + mqtt);
        Set<String> covered =
                cases().stream().map(c -> c.type().getName()).collect(Collectors.toCollection(TreeSet::new));
        records.removeAll(covered);
        assertEquals(Set.of(), records, "records without a fixture");
    }

    @Test
    void everyTopicsPayloadHasAFixture() {
        Set<Class<?>> covered = cases().stream().map(Case::type).collect(Collectors.toSet());
        List<TopicKind> missing = Arrays.stream(TopicKind.values())
                .filter(kind -> !covered.contains(kind.payload()))
                .toList();
        assertEquals(List.of(), missing);
    }

    static String fixture(String name) {
        try (InputStream in = MqttFixtureRoundTripTest.class.getResourceAsStream(DIR + name + ".json")) {
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
