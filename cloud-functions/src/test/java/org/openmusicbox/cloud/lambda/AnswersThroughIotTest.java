package org.openmusicbox.cloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.CloudApplication;
import org.openmusicbox.cloud.device.iot.DataPlaneStub;
import org.openmusicbox.cloud.store.TestDatabase;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.ChangeAcks;
import org.openmusicbox.protocol.v1.mqtt.ChangeResult;
import org.openmusicbox.protocol.v1.mqtt.MessageRejected;
import org.openmusicbox.protocol.v1.mqtt.Outcome;
import org.openmusicbox.protocol.v1.mqtt.SyncAcks;
import org.openmusicbox.protocol.v1.mqtt.SyncChange;
import org.openmusicbox.protocol.v1.mqtt.SyncLog;
import org.openmusicbox.protocol.v1.mqtt.SyncOutcome;
import org.openmusicbox.protocol.v1.mqtt.SyncPull;
import org.openmusicbox.protocol.v1.mqtt.SyncResult;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.openmusicbox.protocol.v1.sync.Stamp;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A routed topic as it runs on AWS: an IoT rule ({@code SELECT * FROM 'omb/v1/devices/+/<topic>' WHERE device_id =
 * topic(4)}, terraform/iot.tf) hands the function the box's message as it was published, and drops what the function
 * returns. The function, run by spring-cloud-function-adapter-aws's {@code FunctionInvoker} with MQTT off, must
 * send its answer itself, through IoT Core's data plane (a stand-in on loopback), to the box the message names.
 */
class AnswersThroughIotTest {

    private static final Pattern SERVER = Pattern.compile("on ([0-9.]+):(\\d+), database (\\w+)");
    private static final Map<String, String> SYSTEM_PROPERTIES = new LinkedHashMap<>();
    private static final List<ConfigurableApplicationContext> CONTEXTS = new ArrayList<>();

    private static TestDatabase db;
    private static DataPlaneStub dataPlane;
    private static FunctionInvoker syncPull;
    private static FunctionInvoker libraryChanges;
    private static FunctionInvoker syncChanges;

    private final JsonCodec codec = new JsonCodec();

    @BeforeAll
    static void lambdaEnvironment() {
        db = TestDatabase.create();
        dataPlane = DataPlaneStub.start();
        Matcher server = SERVER.matcher(db.describe());
        assertThat(server.find()).as("database address in %s", db.describe()).isTrue();
        SYSTEM_PROPERTIES.put("MAIN_CLASS", CloudApplication.class.getName());
        SYSTEM_PROPERTIES.put("omb.mqtt.enabled", "false");
        SYSTEM_PROPERTIES.put("omb.iot.endpoint", dataPlane.endpoint());
        SYSTEM_PROPERTIES.put("omb.iot.region", "eu-west-1");
        // The SDK's default credentials chain reads these first; on Lambda it finds the function role's.
        SYSTEM_PROPERTIES.put("aws.accessKeyId", "AKIDLAMBDATEST");
        SYSTEM_PROPERTIES.put("aws.secretAccessKey", "secret-for-tests");
        SYSTEM_PROPERTIES.put(
                "spring.r2dbc.url",
                "r2dbc:postgresql://" + server.group(1) + ":" + server.group(2) + "/" + server.group(3));
        SYSTEM_PROPERTIES.put("omb.s3.endpoint", "http://127.0.0.1:9");
        SYSTEM_PROPERTIES.put("omb.s3.region", "us-east-1");
        SYSTEM_PROPERTIES.put("omb.s3.access-key", "unused");
        SYSTEM_PROPERTIES.put("omb.s3.secret-key", "unused");
        SYSTEM_PROPERTIES.forEach(System::setProperty);
        syncPull = invoker("answerSyncPull");
        libraryChanges = invoker("answerLibraryChanges");
        syncChanges = invoker("answerSyncChanges");
    }

    @AfterAll
    static void clear() {
        CONTEXTS.forEach(ConfigurableApplicationContext::close);
        SYSTEM_PROPERTIES.keySet().forEach(System::clearProperty);
        if (dataPlane != null) {
            dataPlane.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aSyncPullIsAnsweredOnTheSyncLogOfTheBoxThatSentIt() throws Exception {
        String box = unique("box-pull-");
        String event = codec.toJson(new SyncPull(box, "pull-1", 0, 100));
        int before = dataPlane.requests().size();

        SyncLog returned = codec.read(invoke(syncPull, event), SyncLog.class);

        List<DataPlaneStub.Request> sent =
                dataPlane.requests().subList(before, dataPlane.requests().size());
        assertThat(sent).singleElement().satisfies(request -> {
            assertThat(request.topic()).isEqualTo(Topics.syncLog(box));
            assertThat(request.query()).containsEntry("qos", "1");
            assertThat(codec.read(request.body(), SyncLog.class)).isEqualTo(returned);
        });
        assertThat(returned.requestId()).isEqualTo("pull-1");
    }

    @Test
    void libraryChangesAreAckedOnTheLibraryAcksOfTheBoxThatSentThemEachTime() throws Exception {
        String box = unique("box-lib-");
        String event = """
                {"device_id":"%s","changes":[
                  {"change_id":"c1","entity":"playlist","entity_id":"p1","version":1,"op":"upsert",
                   "changed_at":"2026-01-01T00:00:00Z","playlist":{"title":"Road trip"}}]}""".formatted(box);
        int before = dataPlane.requests().size();

        invoke(libraryChanges, event);
        invoke(libraryChanges, event);

        List<DataPlaneStub.Request> sent =
                dataPlane.requests().subList(before, dataPlane.requests().size());
        assertThat(sent)
                .hasSize(2)
                .allSatisfy(request -> assertThat(request.topic()).isEqualTo(Topics.libraryAcks(box)));
        assertThat(codec.read(sent.get(0).body(), ChangeAcks.class).results())
                .extracting(ChangeResult::outcome)
                .containsExactly(Outcome.APPLIED);
        // A rule's redelivery (or Lambda's retry) is answered again, as a duplicate that changed nothing.
        assertThat(codec.read(sent.get(1).body(), ChangeAcks.class).results())
                .extracting(ChangeResult::outcome)
                .containsExactly(Outcome.DUPLICATE);
        assertThat(db.queryOne(
                        "SELECT title FROM playlists WHERE device_id = '" + box + "' AND playlist_id = 'p1'",
                        String.class))
                .isEqualTo("Road trip");
    }

    @Test
    void anAnswerIoTCoreRefusesFailsTheInvocationSoLambdaTriesAgain() {
        String box = unique("box-refused-");
        dataPlane.answer(403, "{\"message\":\"Not authorized\"}");

        assertThatThrownBy(() -> invoke(syncPull, codec.toJson(new SyncPull(box, "pull-2", 0, 10))))
                .hasStackTraceContaining("HTTP 403")
                .hasStackTraceContaining(Topics.syncLog(box));
    }

    @Test
    void aSyncChangesBatchIsAckedChangeByChangeOnTheSyncAcksOfTheBoxThatSentIt() throws Exception {
        String box = unique("box-sync-");
        String good = codec.toJson(SyncChange.of(new FieldChange(
                Entity.PLAYLIST,
                "p1",
                Fields.TITLE,
                "Bedtime",
                new Stamp(Hlc.pack(Instant.now().toEpochMilli(), 0), box),
                "good-1")));
        String badField = """
                {"change_id":"bad-field","entity":"playlist","entity_id":"p1","field":"colour","value":"red",\
                "hlc":"1","origin":"%s"}""".formatted(box);
        String event = "{\"device_id\":\"" + box + "\",\"changes\":[" + good + "," + badField + "]}";
        int before = dataPlane.requests().size();

        assertThat(invoke(syncChanges, event)).isEqualTo("2");
        invoke(syncChanges, event);

        List<DataPlaneStub.Request> sent =
                dataPlane.requests().subList(before, dataPlane.requests().size());
        assertThat(sent)
                .hasSize(2)
                .allSatisfy(request -> assertThat(request.topic()).isEqualTo(Topics.syncAcks(box)));
        assertThat(codec.read(sent.get(0).body(), SyncAcks.class).results())
                .extracting(SyncResult::changeId, SyncResult::outcome)
                .containsExactly(tuple("good-1", SyncOutcome.APPLIED), tuple("bad-field", SyncOutcome.REJECTED));
        assertThat(codec.read(sent.get(1).body(), SyncAcks.class).results())
                .extracting(SyncResult::outcome)
                .containsExactly(SyncOutcome.DUPLICATE, SyncOutcome.REJECTED);
    }

    @Test
    void aSyncChangesMessageThatCannotBeReadIsAnsweredOnThatBoxsErrors() throws Exception {
        String box = unique("box-unread-");
        int before = dataPlane.requests().size();

        assertThat(invoke(syncChanges, "{\"device_id\":\"" + box + "\",\"changes\":[]}"))
                .isEqualTo("0");

        List<DataPlaneStub.Request> sent =
                dataPlane.requests().subList(before, dataPlane.requests().size());
        assertThat(sent).singleElement().satisfies(request -> {
            assertThat(request.topic()).isEqualTo(Topics.errors(box));
            MessageRejected rejected = codec.read(request.body(), MessageRejected.class);
            assertThat(rejected.topic()).isEqualTo(Topics.syncChanges(box));
            assertThat(rejected.reason()).contains("changes");
        });
        assertThatThrownBy(() -> invoke(syncChanges, "{\"changes\":[]}"))
                .hasStackTraceContaining("naming no valid device_id");
    }

    /** A FunctionInvoker as Lambda makes one, its Spring context kept so the test can close it. */
    private static FunctionInvoker invoker(String definition) {
        return SpringApplication.withHook(
                application -> new SpringApplicationRunListener() {
                    @Override
                    public void contextLoaded(ConfigurableApplicationContext context) {
                        CONTEXTS.add(context);
                    }
                },
                () -> new FunctionInvoker(definition));
    }

    private static String invoke(FunctionInvoker invoker, String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        invoker.handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, new TestContext("omb-test"));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }
}
