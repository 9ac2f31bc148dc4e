package org.openmusicbox.cloud.mqtt;

import java.util.function.Function;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import reactor.core.publisher.Mono;

/**
 * What the binding does with one kind of device message: read it as {@code kind.payload()}, check that the
 * device id it carries (if it carries one) is the topic's, run {@code handler}, and publish a non-empty answer
 * on {@code answerKind} (null: the handler answers through {@link org.openmusicbox.cloud.device.DeviceLink}
 * itself, or there is nothing to answer).
 */
public record MqttRoute<I>(
        TopicKind kind,
        Class<I> type,
        Function<I, String> deviceIdOf,
        Function<I, ? extends Mono<?>> handler,
        TopicKind answerKind) {

    public MqttRoute {
        if (!kind.fromDevice()) {
            throw new IllegalArgumentException(kind + " is not a topic devices publish on");
        }
        if (!kind.payload().equals(type)) {
            throw new IllegalArgumentException(
                    kind + " carries " + kind.payload().getSimpleName() + ", not " + type.getSimpleName());
        }
        if (answerKind != null && answerKind.fromDevice()) {
            throw new IllegalArgumentException(answerKind + " is not a topic the cloud publishes on");
        }
    }

    public static <I> MqttRoute<I> of(
            TopicKind kind,
            Class<I> type,
            Function<I, String> deviceIdOf,
            Function<I, ? extends Mono<?>> handler,
            TopicKind answerKind) {
        return new MqttRoute<>(kind, type, deviceIdOf, handler, answerKind);
    }

    /** A payload without a device id (a command reply): the topic alone names the device. */
    public static <I> MqttRoute<I> withoutDeviceId(
            TopicKind kind, Class<I> type, Function<I, ? extends Mono<?>> handler, TopicKind answerKind) {
        return new MqttRoute<>(kind, type, in -> null, handler, answerKind);
    }
}
