package org.openmusicbox.cloud.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.mqtt.TestBroker;
import org.openmusicbox.cloud.mqtt.TestDevice;
import org.openmusicbox.cloud.store.TestDatabase;
import org.openmusicbox.cloud.sync.EditLibrary;
import org.openmusicbox.cloud.sync.LibraryEdit;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.Entity;
import org.openmusicbox.protocol.v1.mqtt.MessageRejected;
import org.openmusicbox.protocol.v1.mqtt.Refusal;
import org.openmusicbox.protocol.v1.mqtt.SyncAcks;
import org.openmusicbox.protocol.v1.mqtt.SyncBatches;
import org.openmusicbox.protocol.v1.mqtt.SyncChange;
import org.openmusicbox.protocol.v1.mqtt.SyncChanges;
import org.openmusicbox.protocol.v1.mqtt.SyncLog;
import org.openmusicbox.protocol.v1.mqtt.SyncOutcome;
import org.openmusicbox.protocol.v1.mqtt.SyncPull;
import org.openmusicbox.protocol.v1.mqtt.SyncResult;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.openmusicbox.protocol.v1.sync.Stamp;
import reactor.core.publisher.Flux;

/**
 * Two-way sync through the whole app, the machine's Mosquitto and PostgreSQL, with a plain Paho client as the
 * box: batches answered change by change on {@code sync/acks}, unreadable frames on {@code errors}, the log read
 * page by page under the byte budget, and {@code sync_now} after an edit made in the cloud.
 */
class SyncOverMqttTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final JsonCodec codec = new JsonCodec();

    private static TestDatabase db;
    private static CloudApp app;
    private final List<TestDevice> devices = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        TestBroker.require();
        db = TestDatabase.create();
        app = CloudApp.start(
                db,
                Map.of(
                        "omb.mqtt.url",
                        TestBroker.URL,
                        "omb.mqtt.share-group",
                        TestBroker.unique("sync"),
                        "omb.sync.instance",
                        "test",
                        // Wide enough that the burst of one test fits in one window however loaded the machine.
                        "omb.sync.sync-now-window",
                        "5s"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @AfterEach
    void closeDevices() {
        devices.forEach(TestDevice::close);
    }

    @Test
    void aBatchIsAnsweredChangeByChangeInItsOrderAndLogged() {
        TestDevice box = device();
        List<SyncChange> changes = List.of(
                change(Entity.PLAYLIST, "p1", Fields.TITLE, "Bedtime", 1),
                change(Entity.TRACK, "t1", Fields.PLAYLIST_ID, "p1", 2),
                change(Entity.TAG, "04:a2", Fields.PLAYLIST_ID, "p1", 3),
                change(Entity.PLAYLIST, "p1", Fields.TITLE, "Older", 0));

        box.publish(TopicKind.SYNC_CHANGES, new SyncChanges(box.deviceId(), changes));

        SyncAcks acks = box.next(TopicKind.SYNC_ACKS, SyncAcks.class, WAIT);
        assertThat(acks.results()).extracting(SyncResult::changeId).containsExactlyElementsOf(ids(changes));
        assertThat(acks.results())
                .extracting(SyncResult::outcome)
                .containsExactly(SyncOutcome.APPLIED, SyncOutcome.APPLIED, SyncOutcome.APPLIED, SyncOutcome.SUPERSEDED);
        assertThat(count("replica_log", box)).isEqualTo(3L);
    }

    @Test
    void aBadChangeIsRejectedByItsIdTheRestIsAppliedAndTheSameBatchAgainIsDuplicate() {
        TestDevice box = device();
        String id = box.deviceId();
        String good1 = json(change(Entity.PLAYLIST, "p1", Fields.TITLE, "Stories", 1));
        String good2 = json(change(Entity.TRACK, "t1", Fields.TITLE, "Gruffalo", 2));
        String badField = """
                {"change_id":"bad-field","entity":"playlist","entity_id":"p1","field":"colour","value":"red",\
                "hlc":"1","origin":"box-1"}""";
        String badValue = """
                {"change_id":"bad-value","entity":"track","entity_id":"t1","field":"duration_ms","value":"long",\
                "hlc":"1","origin":"box-1"}""";
        long farAhead = Hlc.pack(Instant.now().plus(Duration.ofDays(800)).toEpochMilli(), 0);
        String skewed = json(new SyncChange(
                "skewed", Entity.PLAYLIST, "p2", Fields.TITLE, codec.readTree("\"Far\""), "" + farAhead, "box-1"));
        String batch = "{\"device_id\":\"" + id + "\",\"changes\":[" + good1 + "," + badField + "," + good2 + ","
                + badValue + "," + skewed + "]}";

        box.publishRaw(TopicKind.SYNC_CHANGES, batch);
        List<SyncResult> first =
                box.next(TopicKind.SYNC_ACKS, SyncAcks.class, WAIT).results();
        box.publishRaw(TopicKind.SYNC_CHANGES, batch);
        List<SyncResult> again =
                box.next(TopicKind.SYNC_ACKS, SyncAcks.class, WAIT).results();

        assertThat(first)
                .extracting(SyncResult::outcome)
                .containsExactly(
                        SyncOutcome.APPLIED,
                        SyncOutcome.REJECTED,
                        SyncOutcome.APPLIED,
                        SyncOutcome.REJECTED,
                        SyncOutcome.REJECTED);
        assertThat(first.get(1).changeId()).isEqualTo("bad-field");
        assertThat(first)
                .extracting(SyncResult::reason)
                .containsExactly(null, Refusal.INVALID, null, Refusal.INVALID, Refusal.CLOCK_SKEW);
        assertThat(first.get(1).message()).contains("colour");
        assertThat(again)
                .extracting(SyncResult::outcome)
                .containsExactly(
                        SyncOutcome.DUPLICATE,
                        SyncOutcome.REJECTED,
                        SyncOutcome.DUPLICATE,
                        SyncOutcome.REJECTED,
                        SyncOutcome.REJECTED);
        assertThat(count("replica_log", box)).as("each change logged once").isEqualTo(2L);
        assertThat(box.drain(TopicKind.ERRORS)).isEmpty();
    }

    @Test
    void anUnreadableFrameGoesToErrorsAndTheNextBatchIsAnswered() {
        TestDevice box = device();
        String id = box.deviceId();
        String topic = Topics.syncChanges(id);

        box.publishRaw(TopicKind.SYNC_CHANGES, "{not json");
        MessageRejected notJson = box.next(TopicKind.ERRORS, MessageRejected.class, WAIT);
        box.publishRaw(TopicKind.SYNC_CHANGES, "{\"device_id\":\"" + id + "\",\"changes\":[{\"field\":\"title\"}]}");
        MessageRejected noChangeId = box.next(TopicKind.ERRORS, MessageRejected.class, WAIT);
        box.publishRaw(TopicKind.SYNC_CHANGES, "{\"device_id\":\"" + id + "\",\"changes\":[]}");
        MessageRejected empty = box.next(TopicKind.ERRORS, MessageRejected.class, WAIT);
        box.publishRaw(TopicKind.SYNC_CHANGES, "null");
        MessageRejected nullFrame = box.next(TopicKind.ERRORS, MessageRejected.class, WAIT);
        box.publish(
                TopicKind.SYNC_CHANGES,
                new SyncChanges("another-box", List.of(change(Entity.PLAYLIST, "p1", Fields.TITLE, "x", 1))));
        MessageRejected foreign = box.next(TopicKind.ERRORS, MessageRejected.class, WAIT);

        assertThat(List.of(notJson, noChangeId, empty, nullFrame, foreign))
                .extracting(MessageRejected::topic)
                .containsOnly(topic);
        assertThat(notJson.reason()).startsWith("malformed SyncChanges");
        assertThat(noChangeId.reason()).contains("changes[0].change_id must not be blank");
        assertThat(empty.reason()).contains("at least one change");
        assertThat(foreign.reason()).isEqualTo("device_id another-box is not the topic's device " + id);
        assertThat(box.drain(TopicKind.SYNC_ACKS)).isEmpty();

        box.publish(
                TopicKind.SYNC_CHANGES,
                new SyncChanges(id, List.of(change(Entity.PLAYLIST, "p1", Fields.TITLE, "fine", 1))));
        assertThat(box.next(TopicKind.SYNC_ACKS, SyncAcks.class, WAIT).results())
                .extracting(SyncResult::outcome)
                .containsExactly(SyncOutcome.APPLIED);
        assertThat(count("replica_log", box)).isEqualTo(1L);
    }

    @Test
    void pullingALogOf2500EntriesGivesEveryEntryOnceInOrderInPagesUnderTheBudget() {
        TestDevice box = device();
        String id = box.deviceId();
        int total = 2_500;
        db.execute("INSERT INTO replica_devices (device_id, last_seq, max_hlc) VALUES ('" + id + "', " + total + ", "
                + (total * 65_536L) + ")");
        // Titles of 200 characters and more: a page of 1,000 entries would pass the budget, so pages are cut by bytes.
        db.execute("INSERT INTO replica_log (device_id, seq, change_id, entity, entity_id, field, value, hlc, origin)"
                + " SELECT '" + id + "', g, 'change-' || g, 'playlist', 'p-' || g, 'title',"
                + " to_jsonb(repeat('t', 200 + g % 50) || g), g * 65536, 'box-origin'"
                + " FROM generate_series(1, " + total + ") g");

        List<Long> seqs = new ArrayList<>();
        long after = 0;
        int pages = 0;
        boolean more = true;
        while (more) {
            assertThat(pages).as("pages").isLessThan(100);
            String request = "pull-" + pages;
            box.publish(TopicKind.SYNC_PULL, new SyncPull(id, request, after, SyncPull.MAX_LIMIT));
            MqttMessage message = box.nextMessage(TopicKind.SYNC_LOG, WAIT);
            assertThat(message).as("page " + pages).isNotNull();
            assertThat(message.getPayload().length).isLessThanOrEqualTo(SyncBatches.DEFAULT_BUDGET);
            SyncLog page = codec.read(message.getPayload(), SyncLog.class);
            assertThat(page.requestId()).isEqualTo(request);
            page.entries().forEach(e -> seqs.add(e.seq()));
            if (!page.entries().isEmpty()) {
                assertThat(page.entries().get(0).change().changeId())
                        .isEqualTo("change-" + page.entries().get(0).seq());
            }
            after = page.next();
            more = page.more();
            pages++;
        }

        assertThat(seqs).hasSize(total);
        for (int i = 0; i < total; i++) {
            assertThat(seqs.get(i)).isEqualTo(i + 1L);
        }
        assertThat(pages).as("cut by bytes, not by the limit of 1,000").isGreaterThan(3);
        box.publish(TopicKind.SYNC_PULL, new SyncPull(id, "at-the-end", total, 10));
        SyncLog end = box.next(TopicKind.SYNC_LOG, SyncLog.class, WAIT);
        assertThat(end.entries()).isEmpty();
        assertThat(end.next()).isEqualTo(total);
        assertThat(end.more()).isFalse();
    }

    @Test
    void aPullForAnotherDeviceIsRefused() {
        TestDevice box = device();
        box.publish(TopicKind.SYNC_PULL, new SyncPull("another-box", "r1", 0, 10));
        assertThat(box.next(TopicKind.ERRORS, MessageRejected.class, WAIT).reason())
                .isEqualTo("device_id another-box is not the topic's device " + box.deviceId());
        assertThat(box.drain(TopicKind.SYNC_LOG)).isEmpty();
    }

    @Test
    void aCloudEditTellsTheConnectedBoxSyncNowOnceForABurstAndAgainForALaterEdit() throws Exception {
        TestDevice box = device();
        String id = box.deviceId();

        HttpResponse<String> response = post(
                "editLibrary",
                "{\"device_id\":\"" + id + "\",\"entity\":\"playlist\",\"entity_id\":\"p1\",\"field\":\"title\","
                        + "\"value\":\"From the cloud\"}");
        EditLibrary edit = app.bean(EditLibrary.class);
        Flux.range(0, 5)
                .flatMap(i -> edit.apply(new LibraryEdit(id, Entity.TRACK, "t" + i, Fields.TITLE, "Track " + i)))
                .blockLast(WAIT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"seq\":1", "\"origin\":\"cloud-test\"");
        MqttMessage command = box.nextMessage(TopicKind.COMMANDS, WAIT);
        assertThat(command).as("sync_now").isNotNull();
        DeviceCommand syncNow = codec.read(command.getPayload(), DeviceCommand.class);
        assertThat(syncNow.name()).isEqualTo(DeviceCommand.SYNC_NOW);
        assertThat(syncNow.args()).isEmpty();
        assertThat(command.getProperties().getResponseTopic()).isEqualTo(Topics.commandReplies(id));
        assertThat(Topics.commandIdOf(command.getProperties().getCorrelationData()))
                .isEqualTo(syncNow.commandId());
        assertThat(box.nextJson(TopicKind.COMMANDS, Duration.ofSeconds(1)))
                .as("one sync_now for the burst")
                .isNull();

        box.publish(TopicKind.SYNC_PULL, new SyncPull(id, "after-sync-now", 0, 100));
        SyncLog log = box.next(TopicKind.SYNC_LOG, SyncLog.class, WAIT);
        assertThat(log.entries()).hasSize(6);
        assertThat(log.more()).isFalse();

        edit.apply(new LibraryEdit(id, Entity.PLAYLIST, "p1", Fields.DELETED, true))
                .block(WAIT);
        assertThat(codec.read(box.nextMessage(TopicKind.COMMANDS, WAIT).getPayload(), DeviceCommand.class)
                        .name())
                .isEqualTo(DeviceCommand.SYNC_NOW);
    }

    @Test
    void changesFromTheBoxItselfBringNoSyncNow() {
        TestDevice box = device();
        box.publish(
                TopicKind.SYNC_CHANGES,
                new SyncChanges(box.deviceId(), List.of(change(Entity.PLAYLIST, "p1", Fields.TITLE, "Mine", 1))));
        assertThat(box.next(TopicKind.SYNC_ACKS, SyncAcks.class, WAIT).results())
                .hasSize(1);
        assertThat(box.nextJson(TopicKind.COMMANDS, Duration.ofSeconds(1))).isNull();
    }

    private HttpResponse<String> post(String function, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/" + function))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long count(String table, TestDevice box) {
        return db.queryOne("SELECT count(*) FROM " + table + " WHERE device_id = '" + box.deviceId() + "'", Long.class);
    }

    private static List<String> ids(List<SyncChange> changes) {
        return changes.stream().map(SyncChange::changeId).toList();
    }

    private static String json(SyncChange change) {
        return new String(codec.toBytes(change), StandardCharsets.UTF_8);
    }

    /** A box's change stamped {@code step} seconds after a fixed recent time. */
    static SyncChange change(Entity entity, String id, String field, Object value, int step) {
        long at = Instant.parse("2026-11-26T08:15:02Z").toEpochMilli() + step * 1_000L;
        return SyncChange.of(new FieldChange(
                org.openmusicbox.protocol.v1.sync.Entity.valueOf(entity.name()),
                id,
                field,
                value,
                new Stamp(Hlc.pack(at, 0), "box-1"),
                UUID.randomUUID().toString()));
    }

    private TestDevice device() {
        TestDevice device = new TestDevice(TestBroker.unique("box"));
        devices.add(device);
        return device;
    }
}
