package org.openmusicbox.cloud.device;

import java.util.function.Function;
import org.openmusicbox.protocol.v1.mqtt.MessageRejected;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * A handler of a device's message whose answer also goes back to that device: what the MQTT binding does for its
 * routes, for a caller that drops the function's result (an IoT topic rule invoking a Lambda function). The answer
 * is published on the device's {@code answerOn} topic and then returned; a message the handler refuses
 * ({@link IllegalArgumentException}) is answered with {@link MessageRejected} on the device's {@code errors}, as
 * the binding does, and returns nothing. A failed publish fails the call, so the caller tries again.
 *
 * <p>The device is the one the message names: an IoT rule passes only messages whose {@code device_id} is the
 * topic's (terraform/iot.tf), and the MQTT binding checks the same.
 */
public final class Answered<I, O> implements Function<I, Mono<O>> {

    private static final Logger log = LoggerFactory.getLogger(Answered.class);

    private final TopicKind askedOn;
    private final Function<I, String> deviceIdOf;
    private final Function<I, Mono<O>> handler;
    private final TopicKind answerOn;
    private final DeviceLink devices;

    public Answered(
            TopicKind askedOn,
            Function<I, String> deviceIdOf,
            Function<I, Mono<O>> handler,
            TopicKind answerOn,
            DeviceLink devices) {
        if (!askedOn.fromDevice() || answerOn.fromDevice()) {
            throw new IllegalArgumentException(askedOn + " must be a device's topic and " + answerOn + " the cloud's");
        }
        this.askedOn = askedOn;
        this.deviceIdOf = deviceIdOf;
        this.handler = handler;
        this.answerOn = answerOn;
        this.devices = devices;
    }

    @Override
    public Mono<O> apply(I message) {
        String deviceId = deviceIdOf.apply(message);
        return Mono.defer(() -> handler.apply(message))
                .onErrorResume(IllegalArgumentException.class, refused -> reject(deviceId, refused.getMessage()))
                .flatMap(answer ->
                        devices.publish(deviceId, answerOn.suffix(), answer).thenReturn(answer));
    }

    private Mono<O> reject(String deviceId, String reason) {
        String topic = Topics.topic(deviceId, askedOn);
        log.info("Rejected a message on {}: {}", topic, reason);
        MessageRejected rejected = new MessageRejected(topic, reason == null || reason.isBlank() ? "invalid" : reason);
        return devices.publish(deviceId, TopicKind.ERRORS.suffix(), rejected).then(Mono.empty());
    }
}
