package org.openmusicbox.edge.sync;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.openmusicbox.edge.library.MediaNeeds;
import org.openmusicbox.edge.library.PendingUploads;
import org.openmusicbox.edge.media.MediaCache;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.MediaAnswer;
import org.openmusicbox.protocol.v1.mqtt.MediaRequest;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * Files between the box and the cloud's media store ({@code media/requests}, {@code media/urls}): the
 * {@link MediaDownloads} of cloud tracks and the {@link MediaUploads} of LAN uploads, each answer given to the one
 * that asked. Runs on {@link CloudTraffic}'s sync thread; {@link #queue()} is readable from any thread.
 */
public final class MediaTraffic {

    /** Publishes a request on the connection of the moment. */
    interface Sender {

        String deviceId();

        /** False when not connected or not sent. */
        boolean send(MediaRequest request);
    }

    /** For health: files waiting each way, and the last thing that went wrong (null for none). */
    public record Queue(int downloadsWaiting, int uploadsWaiting, String lastError) {}

    /**
     * What the box hands in.
     *
     * @param arrived told the sha256 of each file that completed (on the sync thread)
     * @param downloads the executor the cache downloads on; shut down with the traffic
     * @param minBackoff the first wait before a failed file is tried again
     */
    public record Parts(
            MediaCache cache,
            MediaNeeds needs,
            PendingUploads pending,
            Path mediaDir,
            HttpClient http,
            ExecutorService downloads,
            Consumer<String> arrived,
            Duration minBackoff) {}

    private final String deviceId;
    private final ExecutorService downloadThreads;
    private final MediaDownloads downloads;
    private final MediaUploads uploads;
    private Outlet outlet;
    private volatile Queue queue = new Queue(0, 0, null);

    MediaTraffic(Parts parts, String deviceId, JsonCodec codec, Executor syncThread) {
        this.deviceId = deviceId;
        this.downloadThreads = Objects.requireNonNull(parts.downloads(), "downloads");
        Sender sender = new Sender() {
            @Override
            public String deviceId() {
                return MediaTraffic.this.deviceId;
            }

            @Override
            public boolean send(MediaRequest request) {
                return outlet != null && outlet.publish(Topics.mediaRequests(deviceId), codec.toBytes(request));
            }
        };
        Executor after = work -> syncThread.execute(() -> {
            work.run();
            count();
        });
        this.downloads = new MediaDownloads(
                parts.needs(), parts.cache(), sender, after, parts.arrived(), parts.minBackoff(), System::nanoTime);
        this.uploads = new MediaUploads(
                parts.pending(), parts.mediaDir(), parts.http(), sender, after, parts.minBackoff(), System::nanoTime);
    }

    void connected(Outlet outlet) {
        this.outlet = outlet;
        downloads.libraryChanged();
        look();
    }

    void lost() {
        outlet = null;
        downloads.lost();
        uploads.lost();
    }

    /** A page of the cloud's log was applied: tracks may want files. */
    void libraryChanged() {
        downloads.libraryChanged();
        look();
    }

    /** Called on every tick of the sync thread while connected. */
    void look() {
        if (outlet != null) {
            downloads.look();
            uploads.look();
        }
        count();
    }

    void answered(MediaAnswer answer) {
        if (!downloads.answered(answer) && !uploads.answered(answer)) {
            // An answer to a question of an earlier connection or run: the file is asked about again anyway.
            org.slf4j.LoggerFactory.getLogger(MediaTraffic.class)
                    .debug("Media answer {} matches no question under way", answer.requestId());
        }
        count();
    }

    /** The uploads counted from the store at every call, so a LAN upload just made shows before the next look. */
    public Queue queue() {
        Queue last = queue;
        return new Queue(last.downloadsWaiting(), uploads.waiting(), last.lastError());
    }

    private void count() {
        String error = uploads.lastError() != null && downloads.lastError() == null
                ? uploads.lastError()
                : downloads.lastError();
        queue = new Queue(downloads.waiting(), uploads.waiting(), error);
    }

    void close() {
        downloadThreads.shutdownNow();
    }
}
