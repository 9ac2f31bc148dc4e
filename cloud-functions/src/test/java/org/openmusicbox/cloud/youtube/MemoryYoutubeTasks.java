package org.openmusicbox.cloud.youtube;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.openmusicbox.protocol.v1.mqtt.YoutubeRequest;
import reactor.core.publisher.Mono;

/** {@link YoutubeTasks} in a map, with the same claim rules as the PostgreSQL one. */
final class MemoryYoutubeTasks implements YoutubeTasks {

    private record Row(YoutubeRequest request, String status, String owner, Instant leaseUntil, Object outcome) {}

    private final Map<String, Row> rows = new HashMap<>();

    @Override
    public synchronized Mono<Claim> claim(YoutubeRequest request, String owner, Instant now, Instant leaseUntil) {
        String key = request.deviceId() + "/" + request.taskId();
        Row row = rows.get(key);
        if (row == null
                || row.status().equals("interrupted")
                || (row.status().equals("running") && row.leaseUntil().isBefore(now))) {
            YoutubeRequest first = row == null ? request : row.request();
            rows.put(key, new Row(first, "running", owner, leaseUntil, null));
            return Mono.just(Claim.run(first));
        }
        return Mono.just(
                row.outcome() == null ? Claim.running(row.request()) : Claim.finished(row.request(), row.outcome()));
    }

    @Override
    public synchronized Mono<Void> finish(String deviceId, String taskId, String owner, Object outcome) {
        rows.computeIfPresent(
                deviceId + "/" + taskId,
                (k, row) -> owner.equals(row.owner()) ? new Row(row.request(), "done", null, null, outcome) : row);
        return Mono.empty();
    }

    @Override
    public synchronized Mono<Void> release(String deviceId, String taskId, String owner) {
        rows.computeIfPresent(
                deviceId + "/" + taskId,
                (k, row) -> owner.equals(row.owner()) && row.outcome() == null
                        ? new Row(row.request(), "interrupted", null, null, null)
                        : row);
        return Mono.empty();
    }
}
