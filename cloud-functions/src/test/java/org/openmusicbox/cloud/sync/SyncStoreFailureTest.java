package org.openmusicbox.cloud.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.config.MqttProperties;
import org.openmusicbox.cloud.mqtt.MqttBinding;
import org.openmusicbox.cloud.mqtt.MqttConnection;
import org.openmusicbox.cloud.mqtt.MqttDeviceLink;
import org.openmusicbox.cloud.mqtt.MqttRoute;
import org.openmusicbox.cloud.mqtt.TestBroker;
import org.openmusicbox.cloud.mqtt.TestDevice;
import org.openmusicbox.cloud.store.TestDatabase;
import org.openmusicbox.cloud.store.postgres.Migrations;
import org.openmusicbox.cloud.store.postgres.PostgresReplica;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.SyncAcks;
import org.openmusicbox.protocol.v1.mqtt.SyncBatches;
import org.openmusicbox.protocol.v1.mqtt.SyncChange;
import org.openmusicbox.protocol.v1.mqtt.SyncChanges;
import org.openmusicbox.protocol.v1.mqtt.SyncOutcome;
import org.openmusicbox.protocol.v1.mqtt.SyncResult;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.openmusicbox.protocol.v1.sync.Stamp;

/**
 * A store that fails in the middle of a batch (PostgreSQL refusing writes, injected by a trigger): the batch gets
 * no answer and its message is not acknowledged, so after the store is back it is handled again, by the same
 * instance retrying or, after a restart, by the broker's redelivery to the persistent session, and no change is
 * applied twice. The binding and the real handlers on the machine's Mosquitto and PostgreSQL.
 */
class SyncStoreFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final JsonCodec codec = new JsonCodec();

    private static TestDatabase db;
    private static PostgresReplica replica;
    private final List<MqttBinding> bindings = new ArrayList<>();
    private final List<TestDevice> devices = new ArrayList<>();
    private final String group = TestBroker.unique("sync-fail");

    @BeforeAll
    static void database() {
        TestBroker.require();
        db = TestDatabase.create();
        new Migrations(db.connectionFactory()).apply().block(WAIT);
        replica = new PostgresReplica(db.connectionFactory(), "test", new Hlc(System::currentTimeMillis));
        db.execute("""
                CREATE FUNCTION fail_here() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.entity_id = 'fails-here' THEN RAISE EXCEPTION 'injected: the store is down'; END IF;
                  RETURN NEW;
                END $$""");
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @AfterEach
    void stop() {
        for (MqttBinding binding : bindings) {
            if (binding.isRunning()) {
                binding.stop();
            }
        }
        devices.forEach(TestDevice::close);
        db.execute("DROP TRIGGER IF EXISTS fail_here ON replica_log");
    }

    @Test
    void aBatchTheStoreFailedIsRedeliveredAfterARestartAndNothingIsAppliedTwice() throws Exception {
        String clientId = TestBroker.unique("test-cloud");
        MqttBinding first = start(clientId);
        TestDevice box = device();
        List<SyncChange> batch = batch();
        failingStore();

        box.publish(TopicKind.SYNC_CHANGES, new SyncChanges(box.deviceId(), batch));
        awaitLogged(box.deviceId(), 2);
        assertThat(box.nextJson(TopicKind.SYNC_ACKS, Duration.ofSeconds(1)))
                .as("no answer while the store fails")
                .isNull();
        first.stop();
        assertThat(first.handled())
                .as("the failed message was not acknowledged")
                .isZero();

        storeBack();
        start(clientId);

        List<SyncResult> results =
                box.next(TopicKind.SYNC_ACKS, SyncAcks.class, WAIT).results();
        assertThat(results).extracting(SyncResult::changeId).containsExactlyElementsOf(ids(batch));
        assertThat(results)
                .extracting(SyncResult::outcome)
                .containsExactly(
                        SyncOutcome.DUPLICATE, SyncOutcome.DUPLICATE, SyncOutcome.APPLIED, SyncOutcome.APPLIED);
        assertLoggedOnceEach(box.deviceId(), batch);
    }

    @Test
    void aBatchTheStoreFailedIsHandledByTheSameInstanceOnceTheStoreIsBack() throws Exception {
        MqttBinding binding = start(TestBroker.unique("test-cloud"));
        TestDevice box = device();
        List<SyncChange> batch = batch();
        failingStore();

        box.publish(TopicKind.SYNC_CHANGES, new SyncChanges(box.deviceId(), batch));
        awaitLogged(box.deviceId(), 2);
        assertThat(box.nextJson(TopicKind.SYNC_ACKS, Duration.ofSeconds(1))).isNull();
        assertThat(binding.handled()).isZero();
        storeBack();

        assertThat(box.next(TopicKind.SYNC_ACKS, SyncAcks.class, WAIT).results())
                .extracting(SyncResult::outcome)
                .containsExactly(
                        SyncOutcome.DUPLICATE, SyncOutcome.DUPLICATE, SyncOutcome.APPLIED, SyncOutcome.APPLIED);
        assertLoggedOnceEach(box.deviceId(), batch);
        assertThat(box.nextJson(TopicKind.SYNC_ACKS, Duration.ofSeconds(1)))
                .as("answered once")
                .isNull();
    }

    private static void failingStore() {
        db.execute("CREATE TRIGGER fail_here BEFORE INSERT ON replica_log FOR EACH ROW EXECUTE FUNCTION fail_here()");
    }

    private static void storeBack() {
        db.execute("DROP TRIGGER fail_here ON replica_log");
    }

    /** Two changes the store takes, one it fails on while it is down, one after. */
    private static List<SyncChange> batch() {
        return List.of(
                change(Entity.PLAYLIST, "p1", Fields.TITLE, "Bedtime", 1),
                change(Entity.TRACK, "t1", Fields.PLAYLIST_ID, "p1", 2),
                change(Entity.TRACK, "fails-here", Fields.PLAYLIST_ID, "p1", 3),
                change(Entity.TRACK, "t2", Fields.PLAYLIST_ID, "p1", 4));
    }

    private static void assertLoggedOnceEach(String device, List<SyncChange> batch) {
        for (SyncChange change : batch) {
            assertThat(db.queryOne(
                            "SELECT count(*) FROM replica_log WHERE device_id = '" + device + "' AND change_id = '"
                                    + change.changeId() + "'",
                            Long.class))
                    .as(change.changeId())
                    .isEqualTo(1L);
        }
        assertThat(db.queryOne("SELECT max(seq) FROM replica_log WHERE device_id = '" + device + "'", Long.class))
                .isEqualTo(4L);
    }

    /** The rows are the only sign the first changes were applied before the failure. */
    private static void awaitLogged(String device, long rows) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String sql = "SELECT count(*) FROM replica_log WHERE device_id = '" + device + "'";
        while (db.queryOne(sql, Long.class) < rows) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(sql + " did not reach " + rows + " within " + WAIT);
            }
            Thread.sleep(50);
        }
    }

    private MqttBinding start(String clientId) {
        MqttProperties properties = new MqttProperties(
                TestBroker.URL,
                null,
                null,
                clientId,
                true,
                group,
                Duration.ofSeconds(60),
                4,
                Duration.ofSeconds(5),
                null,
                null,
                null);
        MqttConnection connection = new MqttConnection(properties);
        ApplySyncChanges handler =
                new ApplySyncChanges(replica, new MqttDeviceLink(connection, codec), new SyncBatches(codec));
        MqttBinding binding = new MqttBinding(
                connection,
                properties,
                codec,
                List.of(MqttRoute.reading(
                        TopicKind.SYNC_CHANGES,
                        SyncChanges.Each.class,
                        payload -> SyncChanges.readEach(codec, payload),
                        SyncChanges.Each::deviceId,
                        handler::answer,
                        null)));
        bindings.add(binding);
        binding.start();
        return binding;
    }

    private TestDevice device() {
        TestDevice device = new TestDevice(TestBroker.unique("box"));
        devices.add(device);
        return device;
    }

    private static List<String> ids(List<SyncChange> changes) {
        return changes.stream().map(SyncChange::changeId).toList();
    }

    private static SyncChange change(Entity entity, String id, String field, Object value, int step) {
        return SyncChange.of(new FieldChange(
                entity,
                id,
                field,
                value,
                new Stamp(Hlc.pack(System.currentTimeMillis() - 60_000 + step, 0), "box-1"),
                java.util.UUID.randomUUID().toString()));
    }
}
