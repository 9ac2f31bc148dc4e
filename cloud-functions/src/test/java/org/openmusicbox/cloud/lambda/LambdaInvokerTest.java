package org.openmusicbox.cloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.CloudApplication;
import org.openmusicbox.cloud.store.TestDatabase;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.ChangeAcks;
import org.openmusicbox.protocol.v1.mqtt.ChangeResult;
import org.openmusicbox.protocol.v1.mqtt.Outcome;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * One function run the way AWS Lambda runs it: spring-cloud-function-adapter-aws's {@code FunctionInvoker} (the
 * Lambda handler class), {@code applyLibraryChanges} chosen as the definition, MQTT off, in this JVM.
 */
class LambdaInvokerTest {

    private static final Pattern SERVER = Pattern.compile("on ([0-9.]+):(\\d+), database (\\w+)");

    private static final Map<String, String> SYSTEM_PROPERTIES = new LinkedHashMap<>();
    private static TestDatabase db;

    @BeforeAll
    static void lambdaEnvironment() {
        db = TestDatabase.create();
        Matcher server = SERVER.matcher(db.describe());
        assertThat(server.find()).as("database address in %s", db.describe()).isTrue();
        // What a Lambda deployment sets as environment variables (MAIN_CLASS only where the jar's manifest has
        // no Start-Class); system properties are read the same way and can be set in a test.
        SYSTEM_PROPERTIES.put("MAIN_CLASS", CloudApplication.class.getName());
        SYSTEM_PROPERTIES.put("omb.mqtt.enabled", "false");
        SYSTEM_PROPERTIES.put(
                "spring.r2dbc.url",
                "r2dbc:postgresql://" + server.group(1) + ":" + server.group(2) + "/" + server.group(3));
        SYSTEM_PROPERTIES.put("omb.s3.endpoint", "http://127.0.0.1:9");
        SYSTEM_PROPERTIES.put("omb.s3.region", "us-east-1");
        SYSTEM_PROPERTIES.put("omb.s3.access-key", "unused");
        SYSTEM_PROPERTIES.put("omb.s3.secret-key", "unused");
        SYSTEM_PROPERTIES.forEach(System::setProperty);
    }

    @AfterAll
    static void clear() {
        SYSTEM_PROPERTIES.keySet().forEach(System::clearProperty);
        if (db != null) {
            db.close();
        }
    }

    @Test
    void applyLibraryChangesThroughTheAwsFunctionInvoker() throws Exception {
        FunctionInvoker invoker = new FunctionInvoker("applyLibraryChanges");
        String event = """
                {"device_id":"box-lambda","changes":[
                  {"change_id":"l1","entity":"playlist","entity_id":"p1","version":1,"op":"upsert",
                   "changed_at":"2026-01-01T00:00:00Z","playlist":{"title":"Road trip"}}]}""";

        String first = invoke(invoker, event);
        String again = invoke(invoker, event);

        ChangeAcks acks = new JsonCodec().read(first, ChangeAcks.class);
        assertThat(first).contains("\"device_id\":\"box-lambda\"", "\"change_id\":\"l1\"", "\"outcome\":\"applied\"");
        assertThat(acks.results()).extracting(ChangeResult::outcome).containsExactly(Outcome.APPLIED);
        assertThat(new JsonCodec().read(again, ChangeAcks.class).results())
                .extracting(ChangeResult::outcome)
                .containsExactly(Outcome.DUPLICATE);
        assertThat(db.queryOne(
                        "SELECT title FROM playlists WHERE device_id = 'box-lambda' AND playlist_id = 'p1'",
                        String.class))
                .isEqualTo("Road trip");
    }

    private static String invoke(FunctionInvoker invoker, String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        invoker.handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                out,
                new TestContext("omb-applyLibraryChanges"));
        return out.toString(StandardCharsets.UTF_8);
    }
}
