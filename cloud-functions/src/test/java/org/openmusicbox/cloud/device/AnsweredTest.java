package org.openmusicbox.cloud.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmusicbox.protocol.v1.mqtt.MessageRejected;
import org.openmusicbox.protocol.v1.mqtt.SyncLog;
import org.openmusicbox.protocol.v1.mqtt.SyncPull;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import reactor.core.publisher.Mono;

/** A handler whose answer also goes to the device that asked, as the MQTT binding's routes do. */
class AnsweredTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final RecordingDeviceLink devices = new RecordingDeviceLink();

    @Test
    void theAnswerGoesToTheAskingDevicesAnswerTopicAndBackToTheCaller() {
        SyncLog page = new SyncLog("pull-1", List.of(), 0, false);
        Answered<SyncPull, SyncLog> answered = answering(pull -> Mono.just(page));

        SyncLog returned =
                answered.apply(new SyncPull("box-7", "pull-1", 0, 10)).block(WAIT);

        assertThat(returned).isEqualTo(page);
        assertThat(devices.published()).singleElement().satisfies(p -> {
            assertThat(p.deviceId()).isEqualTo("box-7");
            assertThat(p.topicKind()).isEqualTo("sync/log");
            assertThat(p.message()).isEqualTo(page);
        });
    }

    @Test
    void aMessageTheHandlerRefusesIsAnsweredOnErrorsAndReturnsNothing() {
        Answered<SyncPull, SyncLog> answered =
                answering(pull -> Mono.error(new IllegalArgumentException("cursor ahead of the log")));

        SyncLog returned =
                answered.apply(new SyncPull("box-7", "pull-2", 99, 10)).block(WAIT);

        assertThat(returned).isNull();
        assertThat(devices.published()).singleElement().satisfies(p -> {
            assertThat(p.deviceId()).isEqualTo("box-7");
            assertThat(p.topicKind()).isEqualTo("errors");
            assertThat(p.message()).isEqualTo(new MessageRejected(Topics.syncPull("box-7"), "cursor ahead of the log"));
        });
    }

    @Test
    void aHandlerFailureOrALostPublishFailsTheCallSoItIsTriedAgain() {
        Answered<SyncPull, SyncLog> broken = answering(pull -> Mono.error(new IllegalStateException("database down")));
        assertThatThrownBy(() -> broken.apply(new SyncPull("box-7", "p", 0, 10)).block(WAIT))
                .hasMessageContaining("database down");
        assertThat(devices.published()).isEmpty();

        RecordingDeviceLink lost = new RecordingDeviceLink().failing();
        Answered<SyncPull, SyncLog> unsent = new Answered<>(
                TopicKind.SYNC_PULL,
                SyncPull::deviceId,
                pull -> Mono.just(new SyncLog("p", List.of(), 0, false)),
                TopicKind.SYNC_LOG,
                lost);
        assertThatThrownBy(() -> unsent.apply(new SyncPull("box-7", "p", 0, 10)).block(WAIT))
                .hasMessageContaining("broker unreachable");
    }

    @Test
    void refusesTopicsTheWrongWayRound() {
        assertThatThrownBy(() -> new Answered<SyncPull, SyncLog>(
                        TopicKind.SYNC_LOG, SyncPull::deviceId, pull -> Mono.empty(), TopicKind.SYNC_PULL, devices))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Answered<SyncPull, SyncLog> answering(java.util.function.Function<SyncPull, Mono<SyncLog>> handler) {
        return new Answered<>(TopicKind.SYNC_PULL, SyncPull::deviceId, handler, TopicKind.SYNC_LOG, devices);
    }
}
