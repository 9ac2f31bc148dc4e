package org.openmusicbox.edge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.openmusicbox.edge.box.Inbox;
import org.openmusicbox.edge.box.MediaArrivals;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.events.Broadcaster;
import org.openmusicbox.edge.library.MediaNeeds;
import org.openmusicbox.edge.library.sqlite.MediaNeedRows;
import org.openmusicbox.edge.library.sqlite.PendingUploadRows;
import org.openmusicbox.edge.library.sqlite.SqliteLibrary;
import org.openmusicbox.edge.media.MediaCache;
import org.openmusicbox.edge.media.sqlite.SqliteMediaBook;
import org.openmusicbox.edge.sync.MediaTraffic;
import org.openmusicbox.edge.sync.paho.CloudTls;

/**
 * The part of {@link EdgeAgent}'s wiring that moves files with the cloud: the media cache in the library's media
 * directory (cloud tracks' files are {@code <sha256>.<ext>} there), within {@code omb.media.cache-max-bytes}, keeping
 * the files of tag-linked playlists, and the pending uploads of LAN files. Built only when the cloud is configured.
 */
final class CloudFiles {

    /** The first wait before a failed file is tried again; it doubles up to two hours. */
    private static final Duration FIRST_RETRY = Duration.ofMinutes(1);

    private CloudFiles() {}

    static MediaTraffic.Parts parts(
            EdgeConfig config,
            Database database,
            SqliteLibrary library,
            Inbox inbox,
            Broadcaster broadcaster,
            Consumer<String> playlistChanged) {
        Path mediaDir = library.mediaDir();
        MediaNeeds needs = new MediaNeedRows(database);
        long budget = config.media().cacheMaxBytes() == 0
                ? MediaCache.defaultBudget(mediaDir)
                : config.media().cacheMaxBytes();
        ExecutorService downloads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "media-download");
            t.setDaemon(true);
            return t;
        });
        var http = MediaCache.httpClient(() -> CloudTls.mediaStore(config.cloud()));
        // Opening tidies what a killed download left: a part is resumed or removed, never played.
        MediaCache cache =
                MediaCache.open(mediaDir, new SqliteMediaBook(database), needs::kept, budget, http, downloads);
        return new MediaTraffic.Parts(
                cache,
                needs,
                new PendingUploadRows(database, System::currentTimeMillis),
                mediaDir,
                http,
                downloads,
                new MediaArrivals(inbox, library, needs, broadcaster, playlistChanged),
                FIRST_RETRY);
    }
}
