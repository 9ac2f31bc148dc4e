package org.openmusicbox.cloud.mqtt;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.openmusicbox.cloud.config.MqttProperties;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.json.JsonCodec.JsonFormatException;
import org.openmusicbox.protocol.v1.mqtt.MessageRejected;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Feeds the devices' MQTT messages to the handlers. Subscribes to every device-to-cloud topic through a shared
 * subscription ({@code $share/<group>/omb/v1/devices/+/<kind>}), so the instances of one group split the load.
 *
 * <p>For each message: the topic names the device and the {@link MqttRoute}; the JSON is read into the route's
 * record; a device id in the payload must be the topic's; the handler runs off Paho's thread, at most
 * {@code maxInFlight} at a time; its answer is published to the device; and only then is the message
 * acknowledged to the broker. If the instance dies before that, the broker sends the message again (to this
 * session when it comes back, the handlers being idempotent).
 *
 * <p>A message that cannot be read (bad JSON, a missing or invalid field, another device's id) or that a handler
 * refuses as invalid ({@link IllegalArgumentException}) is answered with {@link MessageRejected} on the device's
 * {@code errors} topic and acknowledged: the same bytes would get the same answer, and docs/mqtt.md tells the
 * device to drop it. Any other failure of a handler (the store unavailable, a timeout) is not the message's
 * fault: the handler is tried again, waiting from 0.2 s up to 30 s between tries, for as long as the binding
 * runs; the message holds one of the {@code maxInFlight} places meanwhile. A message still unfinished when the
 * binding stops, or whose answer could not be published, stays unacknowledged and comes back after the
 * reconnect.
 */
public final class MqttBinding implements SmartLifecycle, MqttConnection.Inbound {

    private static final Logger log = LoggerFactory.getLogger(MqttBinding.class);
    private static final long CONNECT_TIMEOUT_MS = 15_000;
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);

    private final MqttConnection connection;
    private final MqttProperties properties;
    private final JsonCodec codec;
    private final Map<TopicKind, MqttRoute<?>> routes = new EnumMap<>(TopicKind.class);
    private final List<String> subscriptions;
    private final Semaphore permits;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final ExecutorService subscriber = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "omb-mqtt-subscribe");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch firstSubscription = new CountDownLatch(1);
    private final AtomicLong handled = new AtomicLong();
    private volatile boolean accepting;
    private volatile boolean running;

    public MqttBinding(
            MqttConnection connection, MqttProperties properties, JsonCodec codec, List<MqttRoute<?>> routes) {
        this.connection = connection;
        this.properties = properties;
        this.codec = codec;
        for (MqttRoute<?> route : routes) {
            if (this.routes.put(route.kind(), route) != null) {
                throw new IllegalArgumentException("Two routes for " + route.kind());
            }
        }
        this.subscriptions = this.routes.keySet().stream()
                .map(kind -> Topics.shared(properties.shareGroup(), kind))
                .toList();
        this.permits = new Semaphore(properties.maxInFlight());
    }

    /** The MQTT client id of this instance (configured, or the random one). */
    public String clientId() {
        return connection.clientId();
    }

    /** Messages answered and acknowledged since the start (rejected ones included). */
    public long handled() {
        return handled.get();
    }

    /** The shared subscriptions this binding holds. */
    public List<String> subscriptions() {
        return subscriptions;
    }

    @Override
    public void start() {
        accepting = true;
        connection.connect(this, CONNECT_TIMEOUT_MS);
        try {
            if (!firstSubscription.await(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("No answer to the subscriptions " + subscriptions);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while subscribing", e);
        }
        running = true;
        log.info("MQTT binding {} subscribed to {}", connection.clientId(), subscriptions);
    }

    @Override
    public void connected(boolean reconnect) {
        // Not on Paho's callback thread: waiting for the SUBACK there would block the client.
        subscriber.execute(() -> {
            try {
                connection.subscribe(subscriptions, Topics.QOS);
                firstSubscription.countDown();
            } catch (RuntimeException e) {
                log.error("MQTT subscriptions failed; they stay as the session had them", e);
            }
        });
    }

    @Override
    public void stop() {
        if (properties.stableClientId()) {
            // The session outlives us: what arrives now is left unacknowledged and comes back on the next start.
            accepting = false;
        } else {
            // A random client id is never seen again: leave the group first so nothing more is sent to us.
            connection.unsubscribe(subscriptions);
        }
        drain(Duration.ofSeconds(30));
        accepting = false;
        connection.disconnect(properties.stableClientId());
        subscriber.shutdownNow();
        running = false;
    }

    /**
     * Drops the connection the way a killed process would: no DISCONNECT, no drain, nothing more acknowledged.
     * The broker keeps the session and sends its unacknowledged messages again when the client id comes back.
     */
    void abort() {
        accepting = false;
        running = false;
        connection.abort();
        subscriber.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void arrived(String topic, MqttMessage message) {
        if (!accepting) {
            return;
        }
        Topics.Address address;
        try {
            address = Topics.parse(topic);
        } catch (IllegalArgumentException e) {
            log.warn("Dropping a message on {}: {}", topic, e.getMessage());
            connection.acknowledge(message);
            return;
        }
        if (address.kind() == TopicKind.PRESENCE && message.getPayload().length == 0) {
            // An empty retained message clears a device's presence: "no presence", not a malformed message.
            connection.acknowledge(message);
            return;
        }
        MqttRoute<?> route = routes.get(address.kind());
        if (route == null) {
            log.warn("Dropping a message on {}: no handler for {}", topic, address.kind());
            connection.acknowledge(message);
            return;
        }
        byte[] payload = message.getPayload();
        waiting.add(() -> Mono.defer(() -> handle(route, address, topic, payload))
                .subscribeOn(Schedulers.boundedElastic())
                .doFinally(signal -> {
                    permits.release();
                    startWaiting();
                })
                .subscribe(
                        done -> {},
                        failure -> log.warn(
                                "Message on {} not acknowledged, the broker will send it again: {}",
                                topic,
                                failure.toString()),
                        () -> {
                            connection.acknowledge(message);
                            handled.incrementAndGet();
                        }));
        startWaiting();
    }

    /**
     * Starts waiting messages while there are permits. Never blocks: Paho calls {@link #arrived} and completes
     * our publishes on the same thread, so waiting there for a permit would wait forever. The broker sends at
     * most {@code maxInFlight} unacknowledged messages (our receive maximum), which bounds the queue.
     */
    private void startWaiting() {
        while (!waiting.isEmpty() && permits.tryAcquire()) {
            Runnable next = waiting.poll();
            if (next == null) {
                permits.release();
                continue;
            }
            next.run();
        }
    }

    private <I> Mono<Void> handle(MqttRoute<I> route, Topics.Address address, String topic, byte[] payload) {
        I input;
        try {
            input = read(payload, route);
        } catch (IllegalArgumentException e) {
            return reject(address, topic, e.getMessage());
        }
        String claimed = route.deviceIdOf().apply(input);
        if (claimed != null && !claimed.equals(address.deviceId())) {
            return reject(address, topic, "device_id " + claimed + " is not the topic's device " + address.deviceId());
        }
        return Mono.defer(() -> route.handler().apply(input))
                .timeout(properties.handlerTimeout())
                .retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_RETRY)
                        .maxBackoff(LAST_RETRY)
                        .filter(failure -> !isInvalidInput(failure) && accepting)
                        .doBeforeRetry(signal -> log.warn(
                                "Handler for {} failed on a message of {} (failure {})," + " trying again: {}",
                                route.kind(),
                                address.deviceId(),
                                signal.totalRetries() + 1,
                                describe(signal.failure()),
                                signal.totalRetries() == 0 ? signal.failure() : null))
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .flatMap(answer -> route.answerKind() == null
                        ? Mono.<Void>empty()
                        : connection.publish(
                                Topics.topic(address.deviceId(), route.answerKind()), codec.toBytes(answer)))
                .onErrorResume(MqttBinding::isInvalidInput, failure -> reject(address, topic, describe(failure)))
                .then();
    }

    /**
     * Reads the payload into {@code type}; any problem (not JSON, a missing or invalid field) is an IAE. Fields the
     * record does not know are ignored, as docs/mqtt.md asks of every reader, so a newer device can add fields.
     */
    private <I> I read(byte[] payload, MqttRoute<I> route) {
        Class<I> type = route.type();
        if (payload == null || payload.length == 0) {
            throw new IllegalArgumentException("empty message");
        }
        try {
            I value = route.reader() == null
                    ? codec.read(payload, type)
                    : route.reader().apply(payload);
            if (value == null) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return value;
        } catch (JsonFormatException e) {
            throw new IllegalArgumentException(
                    "malformed " + route.kind().payload().getSimpleName() + ": " + describe(e), e);
        }
    }

    private Mono<Void> reject(Topics.Address address, String topic, String reason) {
        log.info("Rejected a message on {}: {}", topic, reason);
        MessageRejected rejected = new MessageRejected(topic, reason == null || reason.isBlank() ? "invalid" : reason);
        return connection.publish(Topics.errors(address.deviceId()), codec.toBytes(rejected));
    }

    private void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((permits.availablePermits() < properties.maxInFlight() || !waiting.isEmpty())
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        int left = properties.maxInFlight() - permits.availablePermits();
        if (left > 0) {
            log.warn("Stopping with {} message(s) still being handled; the broker will send them again", left);
        }
    }

    private static boolean isInvalidInput(Throwable failure) {
        return failure instanceof IllegalArgumentException;
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null
                && root.getCause() != root
                && (root.getMessage() == null || root instanceof JsonFormatException)) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            return root.getClass().getSimpleName();
        }
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}
