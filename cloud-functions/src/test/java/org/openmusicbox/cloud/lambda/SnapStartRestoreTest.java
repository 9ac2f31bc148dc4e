package org.openmusicbox.cloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.CloudApplication;
import org.openmusicbox.cloud.lambda.crac.Core;
import org.openmusicbox.cloud.store.Backends;
import org.openmusicbox.cloud.store.TestDatabase;
import org.openmusicbox.cloud.store.postgres.RenewablePool;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.ChangeAcks;
import org.openmusicbox.protocol.v1.mqtt.ChangeResult;
import org.openmusicbox.protocol.v1.mqtt.Outcome;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A SnapStart function's life in one JVM: the app started by {@code FunctionInvoker} (its migrations leave pooled
 * connections open, which the snapshot would carry), then the runtime's {@code beforeCheckpoint} and
 * {@code afterRestore} as Lambda calls them through {@code org.crac} (a stand-in runtime, {@code lambda.crac}).
 * Spring's CRaC support must stop the pool before the snapshot, so none of those connections survives it, and the
 * first invocation after the restore must work on new ones.
 */
class SnapStartRestoreTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Map<String, String> SYSTEM_PROPERTIES = new LinkedHashMap<>();
    private static final List<ConfigurableApplicationContext> CONTEXTS = new ArrayList<>();

    private static TestDatabase db;
    private static Backends backends;
    private static FunctionInvoker invoker;

    @BeforeAll
    static void publishAVersion() {
        assertThat(System.getProperty("org.crac.Core.Compat"))
                .as("-Dorg.crac.Core.Compat must name the stand-in runtime (set by this module's pom for its tests)")
                .isEqualTo(Core.class.getPackageName());
        db = TestDatabase.create(2);
        String applicationName = "omb-snapstart-" + UUID.randomUUID().toString().substring(0, 8);
        backends = new Backends(db, applicationName);
        SYSTEM_PROPERTIES.put("MAIN_CLASS", CloudApplication.class.getName());
        SYSTEM_PROPERTIES.put("omb.mqtt.enabled", "false");
        SYSTEM_PROPERTIES.put("spring.r2dbc.url", db.r2dbcUrl(db.name()) + "?applicationName=" + applicationName);
        SYSTEM_PROPERTIES.put("spring.r2dbc.pool.initial-size", "2");
        SYSTEM_PROPERTIES.put("spring.r2dbc.pool.max-size", "4");
        SYSTEM_PROPERTIES.put("omb.s3.endpoint", "http://127.0.0.1:9");
        SYSTEM_PROPERTIES.put("omb.s3.region", "us-east-1");
        SYSTEM_PROPERTIES.put("omb.s3.access-key", "unused");
        SYSTEM_PROPERTIES.put("omb.s3.secret-key", "unused");
        SYSTEM_PROPERTIES.forEach(System::setProperty);
        invoker = SpringApplication.withHook(
                application -> new SpringApplicationRunListener() {
                    @Override
                    public void contextLoaded(ConfigurableApplicationContext context) {
                        CONTEXTS.add(context);
                    }
                },
                () -> new FunctionInvoker("applyLibraryChanges"));
    }

    @AfterAll
    static void clear() {
        CONTEXTS.forEach(ConfigurableApplicationContext::close);
        SYSTEM_PROPERTIES.keySet().forEach(System::clearProperty);
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theRestoredFunctionWorksOnNewConnectionsAndNoneFromBeforeTheSnapshotSurvives() throws Exception {
        ConfigurableApplicationContext app = CONTEXTS.get(0);
        assertThat(app.getBean("connectionFactory")).isInstanceOf(RenewablePool.class);
        assertThat(Core.getGlobalContext().registered())
                .as("Spring registered its checkpoint hook with the runtime")
                .isNotEmpty();
        assertThat(outcome(invoke(change("c1")))).isEqualTo(Outcome.APPLIED);
        Set<Integer> beforeSnapshot = backends.await(pids -> !pids.isEmpty(), WAIT);

        Core.getGlobalContext().beforeCheckpoint(null);
        try {
            backends.await(Set::isEmpty, WAIT);
        } finally {
            // Spring's hook holds a thread until the restore, as the real runtime's snapshot does.
            Core.getGlobalContext().afterRestore(null);
        }

        assertThat(outcome(invoke(change("c2")))).isEqualTo(Outcome.APPLIED);
        assertThat(outcome(invoke(change("c1")))).isEqualTo(Outcome.DUPLICATE);
        Set<Integer> afterRestore = backends.now();
        assertThat(afterRestore).isNotEmpty().doesNotContainAnyElementsOf(beforeSnapshot);
        assertThat(app.getBean(RenewablePool.class).isRunning()).isTrue();
    }

    private static String change(String changeId) {
        return """
                {"device_id":"box-snapstart","changes":[
                  {"change_id":"%s","entity":"playlist","entity_id":"p-%s","version":1,"op":"upsert",
                   "changed_at":"2026-01-01T00:00:00Z","playlist":{"title":"Restored"}}]}""".formatted(changeId, changeId);
    }

    private static Outcome outcome(String acks) {
        return new JsonCodec()
                .read(acks, ChangeAcks.class).results().stream()
                        .map(ChangeResult::outcome)
                        .findFirst()
                        .orElseThrow();
    }

    private static String invoke(String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        invoker.handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                out,
                new TestContext("omb-snapstart"));
        return out.toString(StandardCharsets.UTF_8);
    }
}
