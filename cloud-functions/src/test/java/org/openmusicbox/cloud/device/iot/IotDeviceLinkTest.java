package org.openmusicbox.cloud.device.iot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.MessageRejected;
import org.openmusicbox.protocol.v1.mqtt.SyncLog;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.openmusicbox.protocol.v1.mqtt.UploadResult;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The device link a function on Lambda answers through, against a stand-in for IoT Core's data plane on loopback:
 * what goes over the wire (path, QoS, MQTT 5 properties, payload, signature) and what a refusal does.
 */
class IotDeviceLinkTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String KEY = "AKIDTESTTESTTEST";

    private final JsonCodec codec = new JsonCodec();
    private DataPlaneStub stub;
    private IotDeviceLink link;

    @BeforeEach
    void start() {
        stub = DataPlaneStub.start();
        link = linkTo(stub.endpoint());
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void anAnswerIsOneSignedQos1PublishOnTheDevicesTopic() {
        SyncLog page = new SyncLog("pull-1", List.of(), 0, false);

        link.publish("box-1", "sync/log", page).block(WAIT);

        DataPlaneStub.Request request = single();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.topic()).isEqualTo("omb/v1/devices/box-1/sync/log").isEqualTo(Topics.syncLog("box-1"));
        // The topic is one path label: its slashes are encoded, as the AWS SDKs send them.
        assertThat(request.rawPath()).isEqualTo("/topics/omb%2Fv1%2Fdevices%2Fbox-1%2Fsync%2Flog");
        assertThat(request.query()).isEqualTo(Map.of("qos", "1"));
        assertThat(request.body()).isEqualTo(codec.toBytes(page));
        assertThat(codec.read(request.body(), SyncLog.class)).isEqualTo(page);
        assertThat(request.header("x-amz-mqtt5-correlation-data")).isNull();
        assertThat(request.header("authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=" + KEY + "/")
                .contains("/eu-west-1/iotdata/aws4_request")
                .contains("SignedHeaders=")
                .contains("host");
        assertThat(request.header("x-amz-date")).isNotBlank();
    }

    @Test
    void aCommandCarriesItsResponseTopicAndCorrelationDataSigned() {
        DeviceCommand command = new DeviceCommand("cmd-1", "sync_now", Map.of());

        link.publish("box-1", "commands", command).block(WAIT);

        DataPlaneStub.Request request = single();
        assertThat(request.topic()).isEqualTo(Topics.commands("box-1"));
        assertThat(request.query())
                .containsEntry("qos", "1")
                .containsEntry("responseTopic", Topics.commandReplies("box-1"));
        byte[] correlation = Base64.getDecoder().decode(request.header("x-amz-mqtt5-correlation-data"));
        assertThat(correlation).isEqualTo(Topics.correlationData("cmd-1"));
        assertThat(new String(correlation, StandardCharsets.UTF_8)).isEqualTo("cmd-1");
        // IoT Core refuses an x-amz-* header the signature does not cover.
        assertThat(request.header("authorization")).contains("x-amz-mqtt5-correlation-data");
        assertThat(codec.read(request.body(), DeviceCommand.class)).isEqualTo(command);
    }

    @Test
    void aRefusalFailsThePublishWithTheTopicStatusAndReasonAndIsNotRepeated() {
        stub.answer(403, "{\"message\":\"Not authorized to publish on this topic\"}");
        UploadResult result = UploadResult.error("r1", "p1", UploadResult.UNSUPPORTED_MEDIA, "not a song");

        assertThatThrownBy(
                        () -> link.publish("box-1", "uploads/results", result).block(WAIT))
                .isInstanceOf(DataPlane.PublishRefused.class)
                .hasMessageContaining(Topics.uploadsResults("box-1"))
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("Not authorized to publish on this topic");
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void aThrottledOrFailingDataPlaneIsTriedAgain() {
        stub.answer(503, "{\"message\":\"Service Unavailable\"}").answer(429, "{\"message\":\"Rate exceeded\"}");
        UploadResult result = UploadResult.error("r1", "p1", UploadResult.UNSUPPORTED_MEDIA, "not a song");

        link.publish("box-1", "uploads/results", result).block(WAIT);

        assertThat(stub.requests())
                .hasSize(3)
                .extracting(DataPlaneStub.Request::topic)
                .containsOnly(Topics.uploadsResults("box-1"));
    }

    @Test
    void aDataPlaneThatStaysDownIsAnErrorNotASilentDrop() {
        stub.answer(500, "{\"message\":\"InternalFailure\"}")
                .answer(500, "{\"message\":\"InternalFailure\"}")
                .answer(500, "{\"message\":\"InternalFailure\"}");
        MessageRejected rejected = new MessageRejected("t", "r");

        assertThatThrownBy(() -> link.publish("box-1", "errors", rejected).block(WAIT))
                .isInstanceOf(DataPlane.PublishRefused.class)
                .hasMessageContaining("HTTP 500");
        assertThat(stub.requests()).hasSize(3);
    }

    @Test
    void nothingAnsweringIsAnError() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        IotDeviceLink nowhere = linkTo("http://127.0.0.1:" + closed);

        assertThatThrownBy(() -> nowhere.publish("box-1", "errors", new MessageRejected("t", "r"))
                        .block(WAIT))
                .isInstanceOf(DataPlane.PublishRefused.class)
                .hasMessageContaining("no answer from http://127.0.0.1:" + closed);
    }

    @Test
    void aDeviceTopicTheWrongRecordOrABadDeviceIdIsRefusedWithoutACall() {
        MessageRejected rejected = new MessageRejected("t", "r");

        assertThatThrownBy(() -> link.publish("box-1", "sync/pull", rejected).block(WAIT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("devices publish on");
        assertThatThrownBy(
                        () -> link.publish("box-1", "uploads/results", rejected).block(WAIT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("carries UploadResult");
        assertThatThrownBy(() -> link.publish("box/+", "errors", rejected).block(WAIT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void anEndpointWithAPathIsRefusedAtStart() {
        assertThatThrownBy(() -> DataPlane.at("https://example.com/topics", "eu-west-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("omb.iot.endpoint");
        assertThat(DataPlane.at("abc-ats.iot.eu-west-1.amazonaws.com", "eu-west-1"))
                .isNotNull();
    }

    private DataPlaneStub.Request single() {
        assertThat(stub.requests()).hasSize(1);
        return stub.requests().get(0);
    }

    private IotDeviceLink linkTo(String endpoint) {
        return new IotDeviceLink(
                new DataPlane(
                        URI.create(endpoint),
                        "eu-west-1",
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, "secret-for-tests"))),
                codec);
    }
}
