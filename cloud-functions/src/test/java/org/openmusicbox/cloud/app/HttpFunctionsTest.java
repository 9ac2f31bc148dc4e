package org.openmusicbox.cloud.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.mqtt.MqttBinding;
import org.openmusicbox.cloud.mqtt.MqttConnection;
import org.openmusicbox.cloud.store.TestDatabase;
import org.openmusicbox.cloud.store.postgres.PostgresReplica;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.ChangeAcks;
import org.openmusicbox.protocol.v1.mqtt.Outcome;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.Fields;

/**
 * The functions over HTTP, as spring-cloud-function-webflux exposes them ({@code POST /<bean name>}), with the
 * protocol's snake_case JSON. MQTT is off here; {@code app.MqttIntegrationTest} covers the binding.
 */
class HttpFunctionsTest {

    private static final String AT = "2026-01-01T00:00:00Z";
    private static final JsonCodec codec = new JsonCodec();
    private static TestDatabase db;
    private static CloudApp app;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        app = CloudApp.start(db, Map.of("omb.mqtt.enabled", "false"));
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

    @Test
    void applyLibraryChangesAnswersTheAcksAndWritesTheRows() throws Exception {
        String body = """
                {"device_id":"box-http","changes":[
                  {"change_id":"h1","entity":"playlist","entity_id":"p1","version":1,"op":"upsert",
                   "changed_at":"%s","playlist":{"title":"Lullabies"}}]}""".formatted(AT);

        HttpResponse<String> first = post("applyLibraryChanges", body);
        HttpResponse<String> again = post("applyLibraryChanges", body);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"device_id\":\"box-http\"", "\"change_id\":\"h1\"");
        ChangeAcks acks = codec.read(first.body(), ChangeAcks.class);
        assertThat(acks.results().get(0).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(codec.read(again.body(), ChangeAcks.class).results().get(0).outcome())
                .isEqualTo(Outcome.DUPLICATE);
        assertThat(db.queryOne(
                        "SELECT title FROM playlists WHERE device_id = 'box-http' AND playlist_id = 'p1'",
                        String.class))
                .isEqualTo("Lullabies");
    }

    @Test
    void editLibraryStampsLogsAndAnswersTheEntryAndRefusesAFieldTheEntityLacks() throws Exception {
        HttpResponse<String> edited = post(
                "editLibrary",
                "{\"device_id\":\"box-edit\",\"entity\":\"track\",\"entity_id\":\"t1\",\"field\":\"duration_ms\","
                        + "\"value\":412000}");
        HttpResponse<String> unlinked = post(
                "editLibrary",
                "{\"device_id\":\"box-edit\",\"entity\":\"tag\",\"entity_id\":\"04:a2\",\"field\":\"playlist_id\","
                        + "\"value\":null}");
        HttpResponse<String> badField = post(
                "editLibrary",
                "{\"device_id\":\"box-edit\",\"entity\":\"playlist\",\"entity_id\":\"p1\",\"field\":\"colour\","
                        + "\"value\":\"red\"}");
        HttpResponse<String> badValue = post(
                "editLibrary",
                "{\"device_id\":\"box-edit\",\"entity\":\"track\",\"entity_id\":\"t1\",\"field\":\"deleted\","
                        + "\"value\":\"yes\"}");

        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        assertThat(edited.body()).contains("\"seq\":1", "\"change_id\":", "\"origin\":\"cloud-");
        assertThat(edited.body()).containsPattern("\"hlc\":\"[0-9]+\"");
        assertThat(unlinked.statusCode()).as(unlinked.body()).isEqualTo(200);
        assertThat(unlinked.body()).contains("\"seq\":2");
        assertThat(db.queryOne(
                        "SELECT value::text FROM replica_fields WHERE device_id = 'box-edit' AND field = 'duration_ms'",
                        String.class))
                .isEqualTo("412000");
        assertThat(badField.statusCode()).isEqualTo(400);
        assertThat(badField.body()).contains("colour");
        assertThat(badValue.statusCode()).isEqualTo(400);
        assertThat(db.queryOne("SELECT count(*) FROM replica_log WHERE device_id = 'box-edit'", Long.class))
                .isEqualTo(2L);
    }

    @Test
    void listAndGetPlaylists() throws Exception {
        post("applyLibraryChanges", """
                {"device_id":"box-list","changes":[
                  {"change_id":"l1","entity":"playlist","entity_id":"p7","version":1,"op":"upsert",
                   "changed_at":"%s","playlist":{"title":"Stories"}}]}""".formatted(AT));

        HttpResponse<String> list = post("listPlaylists", "box-list");
        HttpResponse<String> one = post("getPlaylist", "{\"device_id\":\"box-list\",\"playlist_id\":\"p7\"}");

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"id\":\"p7\"", "\"title\":\"Stories\"", "\"track_count\":0");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).contains("\"title\":\"Stories\"");
        HttpResponse<String> none = post("getPlaylist", "{\"device_id\":\"box-list\",\"playlist_id\":\"nope\"}");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("\"error_type\":\"not_found\"", "has no playlist nope");
    }

    @Test
    void aBodyTheInputRecordRefusesIsA400WithTheErrorEnvelope() throws Exception {
        HttpResponse<String> response =
                post("applyLibraryChanges", "{\"device_id\":\"box-http\",\"changes\":[{\"change_id\":\"\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .contains("\"status\":\"error\"", "\"error_type\":\"bad_request\"", "change_id must not be blank");
    }

    @Test
    void withMqttOffThereIsNoBrokerClient() {
        assertThat(app.context().getBeanNamesForType(MqttBinding.class)).isEmpty();
        assertThat(app.context().getBeanNamesForType(MqttConnection.class)).isEmpty();
    }

    @Test
    void theAppHasTheLibraryReplicaSigningWithARandomInstanceWhenNoneIsSet() {
        PostgresReplica replica = app.bean(PostgresReplica.class);

        assertThat(replica.origin()).matches("cloud-[0-9a-f]{8}");
        assertThat(replica.write("box-http-sync", Entity.PLAYLIST, "p1", Fields.TITLE, "Bedtime")
                        .block(Duration.ofSeconds(30))
                        .seq())
                .as("its table exists: the schema was migrated before")
                .isEqualTo(1);
    }

    private HttpResponse<String> post(String function, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/" + function))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", function.equals("listPlaylists") ? "text/plain" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
