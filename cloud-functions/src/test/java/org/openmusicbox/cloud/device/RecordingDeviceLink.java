package org.openmusicbox.cloud.device;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.openmusicbox.protocol.v1.YoutubeProgress;
import org.openmusicbox.protocol.v1.mqtt.YoutubeDone;
import org.openmusicbox.protocol.v1.mqtt.YoutubeFailed;
import reactor.core.publisher.Mono;

/**
 * A {@link DeviceLink} that keeps every message published, with the time it came, and lets a test wait for
 * one; {@link #failing()} makes each publish fail as a lost broker would.
 */
public final class RecordingDeviceLink implements DeviceLink {

    public record Published(String deviceId, String topicKind, Object message, long atNanos) {}

    private final List<Published> published = new ArrayList<>();
    private volatile boolean failing;

    public RecordingDeviceLink failing() {
        failing = true;
        return this;
    }

    @Override
    public Mono<Void> publish(String deviceId, String topicKind, Object message) {
        // Recorded on subscription, as the broker would only see a subscribed publish.
        return Mono.defer(() -> {
            if (failing) {
                return Mono.error(new IllegalStateException("broker unreachable"));
            }
            synchronized (this) {
                published.add(new Published(deviceId, topicKind, message, System.nanoTime()));
                notifyAll();
            }
            return Mono.empty();
        });
    }

    public synchronized List<Published> published() {
        return List.copyOf(published);
    }

    /** The messages about one YouTube task, in the order published. */
    public synchronized List<Published> forTask(String taskId) {
        return published.stream()
                .filter(s -> taskId.equals(taskIdOf(s.message())))
                .toList();
    }

    public List<YoutubeProgress> progress(String taskId) {
        return forTask(taskId).stream()
                .filter(s -> s.message() instanceof YoutubeProgress)
                .map(s -> (YoutubeProgress) s.message())
                .toList();
    }

    /** Waits for the task's {@code youtube/complete} or {@code youtube/error}. */
    public Object awaitOutcome(String taskId, long seconds) throws InterruptedException {
        return await(
                        s -> taskId.equals(taskIdOf(s.message()))
                                && (s.message() instanceof YoutubeDone || s.message() instanceof YoutubeFailed),
                        seconds)
                .message();
    }

    /** The first message published that is {@code wanted}, waiting for it up to {@code seconds}. */
    public synchronized Published await(Predicate<Published> wanted, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            for (Published s : published) {
                if (wanted.test(s)) {
                    return s;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no such message within " + seconds + " s; published: " + published);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    public static String taskIdOf(Object message) {
        if (message instanceof YoutubeProgress p) {
            return p.taskId();
        }
        if (message instanceof YoutubeDone d) {
            return d.taskId();
        }
        if (message instanceof YoutubeFailed f) {
            return f.taskId();
        }
        return null;
    }
}
