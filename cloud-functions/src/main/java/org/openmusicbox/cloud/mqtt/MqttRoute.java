package org.openmusicbox.cloud.mqtt;

import java.util.function.Function;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import reactor.core.publisher.Mono;

/**
 * What the binding does with one kind of device message: read it as {@code kind.payload()}, check that the
 * device id it carries (if it carries one) is the topic's, run {@code handler}, and publish a non-empty answer
 * on {@code answerKind} (null: the handler answers through {@link org.openmusicbox.cloud.device.DeviceLink}
 * itself, or there is nothing to answer).
 *
 * <p>{@code reader} is null for the codec's plain reading into {@code kind.payload()}; a route whose message must be
 * read otherwise (a {@code sync/changes} batch, read change by change so that one bad change is answered by its id)
 * gives its own, into its own {@code type}, and throws {@code JsonCodec.JsonFormatException} or
 * {@link IllegalArgumentException} for a payload it cannot use at all.
 */
public record MqttRoute<I>(
        TopicKind kind,
        Class<I> type,
        Function<byte[], I> reader,
        Function<I, String> deviceIdOf,
        Function<I, ? extends Mono<?>> handler,
        TopicKind answerKind) {

    public MqttRoute {
        if (!kind.fromDevice()) {
            throw new IllegalArgumentException(kind + " is not a topic devices publish on");
        }
        if (reader == null && !kind.payload().equals(type)) {
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
        return new MqttRoute<>(kind, type, null, deviceIdOf, handler, answerKind);
    }

    /** A route whose payload is read by {@code reader} into {@code type} rather than by the codec alone. */
    public static <I> MqttRoute<I> reading(
            TopicKind kind,
            Class<I> type,
            Function<byte[], I> reader,
            Function<I, String> deviceIdOf,
            Function<I, ? extends Mono<?>> handler,
            TopicKind answerKind) {
        return new MqttRoute<>(kind, type, reader, deviceIdOf, handler, answerKind);
    }

    /** A payload without a device id (a command reply): the topic alone names the device. */
    public static <I> MqttRoute<I> withoutDeviceId(
            TopicKind kind, Class<I> type, Function<I, ? extends Mono<?>> handler, TopicKind answerKind) {
        return new MqttRoute<>(kind, type, null, in -> null, handler, answerKind);
    }
}
