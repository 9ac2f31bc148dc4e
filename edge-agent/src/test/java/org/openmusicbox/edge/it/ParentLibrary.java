package org.openmusicbox.edge.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.library.sqlite.SqliteLibrary;
import org.openmusicbox.edge.upload.UploadSession;
import org.openmusicbox.edge.upload.sqlite.SqliteSessionStore;

/**
 * A parent's library on disk before a test breaks something: two playlists with track files, a
 * half-sent upload with a chunk, and a fingerprint of every file so that a test can show nothing
 * was lost.
 */
record ParentLibrary(Path dataDir, List<String> playlistIds, Map<String, Long> files) {

    static ParentLibrary create(Path dataDir) throws IOException {
        List<String> ids;
        try (Database db = Database.open(dataDir)) {
            SqliteLibrary library = new SqliteLibrary(db);
            String stories = library.create("Stories", "for bedtime").id();
            String songs = library.create("Songs", "").id();
            for (int i = 1; i <= 2; i++) {
                Path file = Files.write(library.mediaDir().resolve("story-" + i + ".mp3"), new byte[1000 + i]);
                library.addTrack(
                        stories,
                        new Library.NewTrack(
                                "Story " + i,
                                file.getFileName().toString(),
                                file.toString(),
                                1000,
                                null,
                                null,
                                Files.size(file)));
            }
            Path song = Files.write(library.mediaDir().resolve("song.mp3"), new byte[2000]);
            library.addTrack(songs, new Library.NewTrack("Song", "song.mp3", song.toString(), 1000, null, null, 2000));
            Instant now = Instant.now();
            UploadSession session = new UploadSession(
                    "5e551011-0000-4000-8000-000000000001",
                    songs,
                    "new.mp3",
                    10,
                    5,
                    2,
                    new BitSet(),
                    null,
                    UploadSession.Status.PENDING,
                    null,
                    now,
                    now,
                    null,
                    null);
            new SqliteSessionStore(db).create(session);
            Path chunks = Files.createDirectories(dataDir.resolve("uploads").resolve(session.id()));
            Files.write(chunks.resolve("chunk-0"), new byte[5]);
            ids = List.of(stories, songs);
        }
        return new ParentLibrary(dataDir, ids, fingerprint(dataDir.resolve("media")));
    }

    Path libraryFile() {
        return dataDir.resolve(Database.FILE_NAME);
    }

    /** Every media file's name and size. */
    static Map<String, Long> fingerprint(Path media) throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> all = Files.list(media)) {
            for (Path f : all.toList()) {
                files.put(f.getFileName().toString(), Files.size(f));
            }
        }
        return files;
    }

    /** The copies of a damaged library the box kept aside. */
    List<Path> keptAside() throws IOException {
        try (Stream<Path> all = Files.list(dataDir)) {
            return all.filter(p -> p.getFileName().toString().startsWith(Database.FILE_NAME + ".damaged-"))
                    .sorted()
                    .toList();
        }
    }
}
