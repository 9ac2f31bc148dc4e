package org.openmusicbox.cloud.youtube;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.openmusicbox.cloud.device.DeviceLink;
import org.openmusicbox.protocol.v1.YoutubeProgress;
import org.openmusicbox.protocol.v1.mqtt.YoutubeDone;
import org.openmusicbox.protocol.v1.mqtt.YoutubeFailed;
import reactor.core.publisher.Mono;

/** A {@link DeviceLink} that keeps every message it is given, with the time it came. */
final class RecordingDeviceLink implements DeviceLink {

    record Sent(String deviceId, String topicKind, Object message, long atNanos) {
    }

    private final List<Sent> sent = new ArrayList<>();

    @Override
    public synchronized Mono<Void> publish(String deviceId, String topicKind, Object message) {
        sent.add(new Sent(deviceId, topicKind, message, System.nanoTime()));
        notifyAll();
        return Mono.empty();
    }

    synchronized List<Sent> all() {
        return List.copyOf(sent);
    }

    synchronized List<Sent> forTask(String taskId) {
        return sent.stream().filter(s -> taskId.equals(taskIdOf(s.message()))).toList();
    }

    List<YoutubeProgress> progress(String taskId) {
        return forTask(taskId).stream().filter(s -> s.message() instanceof YoutubeProgress)
                .map(s -> (YoutubeProgress) s.message()).toList();
    }

    /** Waits for the task's {@code youtube/complete} or {@code youtube/error}. */
    Object awaitOutcome(String taskId, long seconds) throws InterruptedException {
        return await(s -> taskId.equals(taskIdOf(s.message()))
                && (s.message() instanceof YoutubeDone || s.message() instanceof YoutubeFailed), seconds).message();
    }

    synchronized Sent await(Predicate<Sent> wanted, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            for (Sent s : sent) {
                if (wanted.test(s)) {
                    return s;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no such message within " + seconds + " s; sent: " + sent);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    static String taskIdOf(Object message) {
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
