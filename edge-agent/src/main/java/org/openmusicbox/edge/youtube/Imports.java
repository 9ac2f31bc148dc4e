package org.openmusicbox.edge.youtube;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.events.Broadcaster;
import org.openmusicbox.edge.sync.Outlet;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.YoutubeProgress;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.openmusicbox.protocol.v1.mqtt.YoutubeDone;
import org.openmusicbox.protocol.v1.mqtt.YoutubeFailed;
import org.openmusicbox.protocol.v1.mqtt.YoutubeRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The box's YouTube imports. Asking sends one {@code YoutubeRequest} to the cloud while the link is up and answers
 * at once; without a connection nothing is queued and the parent is told to try again once online (a download
 * asked hours ago is rarely still wanted). What the cloud says about a task updates its last known state and goes to
 * every LAN client; a task that ended stays ended, so a late or resent progress cannot undo it.
 *
 * <p>Tasks are kept in memory only: after a restart the box knows a task again from the cloud's next message about
 * it. A {@code client_op_id} gives the same {@code task_id} every time, even after a restart, so a retried request
 * never starts a second download (the cloud starts one per {@code task_id}). Any thread may call it.
 */
public final class Imports {

    private static final Logger log = LoggerFactory.getLogger(Imports.class);

    /** Tasks remembered; the oldest goes first. A parent starts a few a day. */
    static final int REMEMBERED = 200;

    public static final int MAX_URL = 2048;

    private final String deviceId;
    private final Broadcaster broadcaster;
    private final JsonCodec codec;
    private final Map<String, ImportTask> tasks = new LinkedHashMap<>();
    private volatile Outlet outlet;

    /** @param deviceId the box's cloud identity; null when no cloud link is set up */
    public Imports(String deviceId, Broadcaster broadcaster, JsonCodec codec) {
        this.deviceId = deviceId;
        this.broadcaster = broadcaster;
        this.codec = codec;
    }

    /** An {@code http} or {@code https} URL with a host, the rule the cloud applies; refused naming {@code url}. */
    public static void checkUrl(String url) {
        boolean ok;
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            ok = ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                    && uri.getHost() != null
                    && url.length() <= MAX_URL;
        } catch (URISyntaxException e) {
            ok = false;
        }
        if (!ok) {
            throw BoxError.invalid(List.of(new BoxError.FieldProblem(
                    "url", "url must be an http or https link with a host, at most " + MAX_URL + " characters")));
        }
    }

    /**
     * Sends the request and answers with the task, {@code pending}; the same {@code clientOpId} again answers the
     * same task as it stands now and sends nothing. The caller has checked that the playlist exists.
     *
     * @throws BoxError 503 without a cloud connection, 409 when {@code clientOpId} named another request
     */
    public synchronized ImportTask ask(String url, String playlistId, String clientOpId) {
        checkUrl(url);
        String taskId = clientOpId == null ? UUID.randomUUID().toString() : taskFor(clientOpId);
        ImportTask earlier = tasks.get(taskId);
        if (earlier != null && earlier.url() != null) {
            if (!earlier.url().equals(url) || !earlier.playlistId().equals(playlistId)) {
                throw BoxError.conflict("client_op_id " + clientOpId + " was used for another import");
            }
            return earlier;
        }
        Outlet now = outlet;
        if (deviceId == null) {
            throw unavailable("No cloud link is set up on this box: YouTube import needs the cloud");
        }
        if (now == null) {
            throw unavailable("The box is not connected to the cloud right now: try again once it is online");
        }
        YoutubeRequest request = new YoutubeRequest(taskId, deviceId, url, playlistId);
        if (!now.publish(Topics.youtubeRequests(deviceId), codec.toBytes(request))) {
            throw unavailable("The cloud link could not take the request now: try again in a moment");
        }
        ImportTask task = ImportTask.asked(taskId, url, playlistId);
        remember(task);
        log.info("YouTube import {} asked of the cloud for playlist {}", taskId, playlistId);
        broadcaster.toEveryoneLive(Events.YOUTUBE_PROGRESS, task.asProgress());
        return task;
    }

    public synchronized Optional<ImportTask> task(String taskId) {
        return Optional.ofNullable(tasks.get(taskId));
    }

    /**
     * The connection the requests go out on; called by the cloud link on every connect. The requests of tasks that
     * have not ended go again: an answer may have been lost with the last connection, and the cloud starts one
     * download per task id and tells the outcome of a finished one again.
     */
    public synchronized void connected(Outlet outlet) {
        this.outlet = outlet;
        for (ImportTask task : tasks.values()) {
            if (!task.ended() && task.url() != null) {
                YoutubeRequest request = new YoutubeRequest(task.taskId(), deviceId, task.url(), task.playlistId());
                outlet.publish(Topics.youtubeRequests(deviceId), codec.toBytes(request));
            }
        }
    }

    public void lost() {
        this.outlet = null;
    }

    synchronized void progressed(YoutubeProgress progress) {
        ImportTask task = known(progress.taskId());
        if (task.ended()) {
            log.debug("YouTube import {}: progress after its end ignored", task.taskId());
            return;
        }
        remember(task.progressed(progress));
        broadcaster.toEveryoneLive(Events.YOUTUBE_PROGRESS, progress);
    }

    synchronized void completed(YoutubeDone done) {
        ImportTask task = known(done.taskId());
        if (task.ended()) {
            return; // a resent completion: LAN clients heard it already
        }
        Finished event = Finished.of(done);
        remember(task.completed(done.playlistId(), event.message()));
        log.info("YouTube import {} done: {} in playlist {}", done.taskId(), event.message(), done.playlistId());
        broadcaster.toEveryoneLive(Events.YOUTUBE_COMPLETE, event);
    }

    synchronized void failed(YoutubeFailed failure) {
        ImportTask task = known(failure.taskId());
        if (task.ended()) {
            return;
        }
        remember(task.failed(failure.message()));
        log.info("YouTube import {} failed ({}): {}", failure.taskId(), failure.errorType(), failure.message());
        broadcaster.toEveryoneLive(Events.YOUTUBE_ERROR, failure.toSocketEvent());
    }

    private ImportTask known(String taskId) {
        ImportTask task = tasks.get(taskId);
        return task != null ? task : ImportTask.unknown(taskId);
    }

    private void remember(ImportTask task) {
        tasks.remove(task.taskId());
        tasks.put(task.taskId(), task);
        if (tasks.size() > REMEMBERED) {
            tasks.remove(tasks.keySet().iterator().next());
        }
    }

    private static String taskFor(String clientOpId) {
        return UUID.nameUUIDFromBytes(("youtube-import\u0000" + clientOpId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static BoxError unavailable(String message) {
        return new BoxError("service_unavailable", 503, message, null, null);
    }
}
