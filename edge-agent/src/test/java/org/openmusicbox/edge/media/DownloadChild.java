package org.openmusicbox.edge.media;

import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Executors;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.media.sqlite.SqliteMediaBook;

/** A process that starts one download and waits: {@link KilledDownloadTest} kills it with SIGKILL mid-way. */
final class DownloadChild {

    private DownloadChild() {}

    public static void main(String[] args) throws Exception {
        Database db = Database.open(Path.of(args[0]));
        MediaCache cache = MediaCache.open(
                db.mediaDir(),
                new SqliteMediaBook(db),
                Set::of,
                Long.MAX_VALUE,
                MediaCache.httpClient(null),
                Executors.newSingleThreadExecutor());
        cache.fetch(args[1], "mp3", Long.parseLong(args[2]), URI.create(args[3]))
                .join();
    }
}
