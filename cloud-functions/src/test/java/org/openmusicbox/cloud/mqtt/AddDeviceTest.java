package org.openmusicbox.cloud.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openmusicbox.cloud.mqtt.AclClient.NOT_AUTHORIZED;
import static org.openmusicbox.cloud.mqtt.AclClient.NO_MATCHING_SUBSCRIBERS;
import static org.openmusicbox.cloud.mqtt.AclClient.SUCCESS;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/** infra/mosquitto/add-device.sh: only valid device ids get a login, and the printed settings work. */
class AddDeviceTest {

    private static final Path SCRIPT = AclBroker.infra().resolve("add-device.sh");
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private record Run(int exit, String stdout, String stderr) {}

    @BeforeAll
    static void requireMosquitto() {
        AclBroker.requireMosquitto();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a/b",
                "+",
                "#",
                "",
                "box-kitchen-01+",
                "box kitchen",
                "ok\nbad",
                "omb-cloud-1a2b3c4d",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            })
    void refusesIdsOutsideTheDeviceIdRuleAndTheCloudsNames(String id) throws Exception {
        assertThat(!Topics.isDeviceId(id) || id.startsWith("omb-cloud")).isTrue();
        Path passwords = dir.resolve("devices.passwd");

        Run run = addDevice(passwords, id);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("error: device id");
        assertThat(run.stdout()).isEmpty();
        assertThat(passwords).doesNotExist();
    }

    @Test
    void refusesAMissingArgument() throws Exception {
        Run run = run(List.of("bash", SCRIPT.toString()), dir.resolve("devices.passwd"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("usage:");
    }

    @Test
    void theSettingsItPrintsLetTheBoxReachItsOwnTopicsAfterAReload() throws Exception {
        try (AclBroker broker = AclBroker.start(dir.resolve("broker"), List.of(), List.of())) {
            Run first = addDevice(broker.devicePasswordFile(), "box-kitchen-01");
            Run second = addDevice(broker.devicePasswordFile(), "box-kitchen-01");
            assertThat(first.exit()).isZero();
            assertThat(second.exit()).isZero();

            Properties settings = load(second.stdout());
            assertThat(settings.getProperty("omb.cloud.device-id")).isEqualTo("box-kitchen-01");
            assertThat(settings.getProperty("omb.cloud.username")).isEqualTo("box-kitchen-01");
            String password = settings.getProperty("omb.cloud.password");
            assertThat(password).matches("[A-Za-z0-9_-]{32}");
            assertThat(load(first.stdout()).getProperty("omb.cloud.password"))
                    .as("a second run replaces the password")
                    .isNotEqualTo(password);
            assertThat(Files.readAllLines(broker.devicePasswordFile()))
                    .singleElement()
                    .asString()
                    .startsWith("box-kitchen-01:");

            broker.reload();
            try (AclClient box = connectOnceReloaded(broker, "box-kitchen-01", password)) {
                assertThat(box.publish(Topics.libraryChanges("box-kitchen-01"), "{}"))
                        .isIn(SUCCESS, NO_MATCHING_SUBSCRIBERS);
                assertThat(box.publish(Topics.libraryChanges("box-other"), "{}"))
                        .isEqualTo(NOT_AUTHORIZED);
            }
        }
    }

    /** Mosquitto reads the password file again in its main loop after SIGHUP; until then the login is refused. */
    private static AclClient connectOnceReloaded(AclBroker broker, String user, String password) throws MqttException {
        long deadline = System.nanoTime() + RELOAD_TIMEOUT.toNanos();
        while (true) {
            try {
                return AclClient.connect(broker.deviceUrl(), user, password, user);
            } catch (MqttException e) {
                if (e.getReasonCode() != NOT_AUTHORIZED || System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
    }

    private static Properties load(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }

    private static Run addDevice(Path passwords, String id) throws IOException, InterruptedException {
        return run(List.of("bash", SCRIPT.toString(), id), passwords);
    }

    private static Run run(List<String> command, Path passwords) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("OMB_DEVICES_PASSWD", passwords.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), stdout, stderr);
    }
}
