package org.openmusicbox.cloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.CloudApplication;
import org.openmusicbox.cloud.store.TestDatabase;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.ChangeAcks;
import org.openmusicbox.protocol.v1.mqtt.ChangeResult;
import org.openmusicbox.protocol.v1.mqtt.Outcome;

/**
 * One function run the way AWS Lambda runs it: spring-cloud-function-adapter-aws's {@code FunctionInvoker} (the
 * Lambda handler class), {@code applyLibraryChanges} chosen as the definition, MQTT off, in this JVM.
 *
 * <p>The Lambda types ({@code Context}, {@code RequestStreamHandler}) come from
 * {@code com.amazonaws:aws-lambda-java-core}, which the adapter declares {@code provided}: until the module's pom
 * has it, this test is skipped and says so. It reaches the invoker by reflection so that the module compiles
 * either way.
 */
class LambdaInvokerTest {

    private static final String INVOKER = "org.springframework.cloud.function.adapter.aws.FunctionInvoker";
    private static final String CONTEXT = "com.amazonaws.services.lambda.runtime.Context";
    private static final String LOGGER = "com.amazonaws.services.lambda.runtime.LambdaLogger";
    private static final Pattern SERVER = Pattern.compile("on ([0-9.]+):(\\d+), database (\\w+)");

    private static final Map<String, String> SYSTEM_PROPERTIES = new LinkedHashMap<>();
    private static TestDatabase db;

    @BeforeAll
    static void lambdaEnvironment() {
        if (!present(CONTEXT)) {
            return;
        }
        db = TestDatabase.create();
        Matcher server = SERVER.matcher(db.describe());
        assertThat(server.find()).as("database address in %s", db.describe()).isTrue();
        // What a Lambda deployment sets as environment variables (MAIN_CLASS only where the jar's manifest has
        // no Start-Class); system properties are read the same way and can be set in a test.
        SYSTEM_PROPERTIES.put("MAIN_CLASS", CloudApplication.class.getName());
        SYSTEM_PROPERTIES.put("omb.mqtt.enabled", "false");
        SYSTEM_PROPERTIES.put("spring.r2dbc.url",
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
        Assumptions.assumeTrue(present(CONTEXT), "com.amazonaws:aws-lambda-java-core is not on the test classpath"
                + " (spring-cloud-function-adapter-aws declares it provided); add it to cloud-functions/pom.xml");
        Object invoker = Class.forName(INVOKER).getConstructor(String.class).newInstance("applyLibraryChanges");
        String event = """
                {"device_id":"box-lambda","changes":[
                  {"change_id":"l1","entity":"playlist","entity_id":"p1","version":1,"op":"upsert",
                   "changed_at":"2026-01-01T00:00:00Z","playlist":{"title":"Road trip"}}]}""";

        String first = invoke(invoker, event);
        String again = invoke(invoker, event);

        ChangeAcks acks = new JsonCodec().read(first, ChangeAcks.class);
        assertThat(first).contains("\"device_id\":\"box-lambda\"", "\"change_id\":\"l1\"", "\"outcome\":\"applied\"");
        assertThat(acks.results()).extracting(ChangeResult::outcome).containsExactly(Outcome.APPLIED);
        assertThat(new JsonCodec().read(again, ChangeAcks.class).results()).extracting(ChangeResult::outcome)
                .containsExactly(Outcome.DUPLICATE);
        assertThat(db.queryOne("SELECT title FROM playlists WHERE device_id = 'box-lambda' AND playlist_id = 'p1'",
                String.class)).isEqualTo("Road trip");
    }

    private static String invoke(Object invoker, String event) throws Exception {
        Class<?> contextType = Class.forName(CONTEXT);
        Method handle = invoker.getClass().getMethod("handleRequest", InputStream.class, OutputStream.class,
                contextType);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handle.invoke(invoker, new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                    context(contextType));
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A Lambda {@code Context} with plausible values; its logger prints to stdout. */
    private static Object context(Class<?> contextType) throws ClassNotFoundException {
        Class<?> loggerType = Class.forName(LOGGER);
        Object logger = Proxy.newProxyInstance(loggerType.getClassLoader(), new Class<?>[] {loggerType},
                (proxy, method, args) -> {
                    if (args != null && args.length > 0) {
                        System.out.println("[lambda] " + (args[0] instanceof byte[] bytes
                                ? new String(bytes, StandardCharsets.UTF_8) : args[0]));
                    }
                    return null;
                });
        return Proxy.newProxyInstance(contextType.getClassLoader(), new Class<?>[] {contextType},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAwsRequestId" -> "test-request-1";
                    case "getFunctionName" -> "omb-applyLibraryChanges";
                    case "getFunctionVersion" -> "$LATEST";
                    case "getInvokedFunctionArn" -> "arn:aws:lambda:eu-west-1:000000000000:function:omb";
                    case "getLogGroupName", "getLogStreamName" -> "test";
                    case "getRemainingTimeInMillis" -> 30_000;
                    case "getMemoryLimitInMB" -> 512;
                    case "getLogger" -> logger;
                    case "toString" -> "test Lambda context";
                    case "hashCode" -> 1;
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private static boolean present(String className) {
        try {
            Class.forName(className);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
