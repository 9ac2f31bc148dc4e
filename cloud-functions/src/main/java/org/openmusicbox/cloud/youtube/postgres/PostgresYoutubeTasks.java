package org.openmusicbox.cloud.youtube.postgres;

import io.r2dbc.spi.ConnectionFactory;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.openmusicbox.cloud.youtube.YoutubeTasks;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.YoutubeDone;
import org.openmusicbox.protocol.v1.mqtt.YoutubeFailed;
import org.openmusicbox.protocol.v1.mqtt.YoutubeRequest;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * {@link YoutubeTasks} in PostgreSQL's {@code youtube_tasks} (migration {@code V4__youtube_tasks}). A claim is one
 * statement (insert, or take over an interrupted task or one whose lease ended), so two instances asked for the
 * same task at once never both run it. Outcomes are stored as their JSON messages.
 */
public final class PostgresYoutubeTasks implements YoutubeTasks {

    private static final String CLAIM = """
            INSERT INTO youtube_tasks AS t (device_id, task_id, url, playlist_id, status, owner, lease_until)
            VALUES (:device, :task, :url, :playlist, 'running', :owner, :lease)
            ON CONFLICT (device_id, task_id) DO UPDATE
               SET status = 'running', owner = excluded.owner, lease_until = excluded.lease_until,
                   runs = t.runs + 1, updated_at = now()
             WHERE t.status = 'interrupted' OR (t.status = 'running' AND t.lease_until < :now)
            RETURNING t.url, t.playlist_id""";

    private static final String FIND = """
            SELECT url, playlist_id, status, outcome::text AS outcome FROM youtube_tasks
             WHERE device_id = :device AND task_id = :task""";

    private static final String FINISH = """
            UPDATE youtube_tasks
               SET status = :status, outcome = CAST(:outcome AS jsonb), owner = NULL, lease_until = NULL,
                   updated_at = now()
             WHERE device_id = :device AND task_id = :task AND owner = :owner AND status = 'running'""";

    private static final String RELEASE = """
            UPDATE youtube_tasks SET status = 'interrupted', owner = NULL, lease_until = NULL, updated_at = now()
             WHERE device_id = :device AND task_id = :task AND owner = :owner AND status = 'running'""";

    private final DatabaseClient db;
    private final JsonCodec codec;

    public PostgresYoutubeTasks(ConnectionFactory connectionFactory, JsonCodec codec) {
        this.db = DatabaseClient.create(connectionFactory);
        this.codec = codec;
    }

    @Override
    public Mono<Claim> claim(YoutubeRequest request, String owner, Instant now, Instant leaseUntil) {
        Mono<Claim> claimed = db.sql(CLAIM)
                .bind("device", request.deviceId())
                .bind("task", request.taskId())
                .bind("url", request.url())
                .bind("playlist", request.playlistId())
                .bind("owner", owner)
                .bind("lease", utc(leaseUntil))
                .bind("now", utc(now))
                .map(row ->
                        Claim.run(stored(request, row.get("url", String.class), row.get("playlist_id", String.class))))
                .one();
        Mono<Claim> known = db.sql(FIND)
                .bind("device", request.deviceId())
                .bind("task", request.taskId())
                .map(row -> {
                    YoutubeRequest first =
                            stored(request, row.get("url", String.class), row.get("playlist_id", String.class));
                    String outcome = row.get("outcome", String.class);
                    return switch (row.get("status", String.class)) {
                        case "done" -> Claim.finished(first, codec.read(outcome, YoutubeDone.class));
                        case "failed" -> Claim.finished(first, codec.read(outcome, YoutubeFailed.class));
                        default -> Claim.running(first);
                    };
                })
                .one();
        return claimed.switchIfEmpty(known);
    }

    @Override
    public Mono<Void> finish(String deviceId, String taskId, String owner, Object outcome) {
        String status;
        if (outcome instanceof YoutubeDone) {
            status = "done";
        } else if (outcome instanceof YoutubeFailed) {
            status = "failed";
        } else {
            return Mono.error(new IllegalArgumentException("a task ends with YoutubeDone or YoutubeFailed, not "
                    + (outcome == null ? "null" : outcome.getClass().getSimpleName())));
        }
        return db.sql(FINISH)
                .bind("status", status)
                .bind("outcome", codec.toJson(outcome))
                .bind("device", deviceId)
                .bind("task", taskId)
                .bind("owner", owner)
                .fetch()
                .rowsUpdated()
                .then();
    }

    @Override
    public Mono<Void> release(String deviceId, String taskId, String owner) {
        return db.sql(RELEASE)
                .bind("device", deviceId)
                .bind("task", taskId)
                .bind("owner", owner)
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** The request as first stored: a repeat with another URL does not change what the task downloads. */
    private static YoutubeRequest stored(YoutubeRequest asked, String url, String playlistId) {
        return new YoutubeRequest(asked.taskId(), asked.deviceId(), url, playlistId);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
