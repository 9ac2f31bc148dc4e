package org.openmusicbox.edge.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.audio.ToneFiles;
import org.openmusicbox.edge.audio.lavaplayer.LavaDecoder;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.box.Inbox;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.events.Broadcaster;
import org.openmusicbox.edge.events.History;
import org.openmusicbox.edge.events.Sequencer;
import org.openmusicbox.edge.fake.MemorySequenceStore;
import org.openmusicbox.edge.fake.RecordingFanout;
import org.openmusicbox.edge.library.Library.NewTrack;
import org.openmusicbox.edge.library.sqlite.SqliteLibrary;
import org.openmusicbox.edge.upload.jaudiotagger.JaudiotaggerTags;
import org.openmusicbox.edge.upload.sqlite.SqliteSessionStore;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.Track;

/** Uploads on a real SQLite file, real chunk files and real lavaplayer decoding of generated audio. */
class UploadsTest {

    @TempDir
    Path dir;

    @TempDir
    Path files;

    private final JsonCodec codec = new JsonCodec();
    private final RecordingFanout fanout = new RecordingFanout();
    private final Inbox inbox = new Inbox();
    private final LavaDecoder decoder = new LavaDecoder();
    private Database db;
    private SqliteLibrary library;
    private Broadcaster broadcaster;
    private Uploads uploads;
    private String playlistId;
    private long now = 1_700_000_000_000L;

    @BeforeEach
    void open() {
        open(new LocalDisk());
        playlistId = library.create("Songs", "").id();
    }

    private void open(Disk disk) {
        open(disk, Uploads.Limits.of(10L * 1024 * 1024));
    }

    private void open(Disk disk, Uploads.Limits limits) {
        db = Database.open(dir);
        library = new SqliteLibrary(db);
        Sequencer sequencer = new Sequencer(new MemorySequenceStore(0));
        broadcaster = new Broadcaster(sequencer, new History(100, sequencer.floor()), fanout, () -> now, codec);
        uploads = new Uploads(
                new Sessions(new SqliteSessionStore(db), new CardFiles(dir, disk), limits, () -> now),
                library,
                new SongFacts(decoder, new JaudiotaggerTags()),
                new UploadEvents(broadcaster, inbox, id -> {}),
                work -> reactor.core.scheduler.Schedulers.boundedElastic().schedule(work));
    }

    /** The local disk, saying it has {@code free} bytes. */
    private static Disk reporting(long free) {
        LocalDisk local = new LocalDisk();
        return new Disk() {
            @Override
            public void write(Path file, byte[] bytes, int offset, int length) throws IOException {
                local.write(file, bytes, offset, length);
            }

            @Override
            public void join(List<Path> parts, Path file) throws IOException {
                local.join(parts, file);
            }

            @Override
            public long usableSpace(Path dir) {
                return free;
            }
        };
    }

    @AfterEach
    void close() {
        inbox.close();
        decoder.close();
        db.close();
    }

    // ---- sessions

    @Test
    void aSessionIsRefusedForBadInputAndNothingIsStored() {
        assertStatus(404, () -> uploads.create("no-such-playlist", "a.mp3", 100, null, null));
        for (String name : List.of(
                "../a.mp3",
                "a/b.mp3",
                "a\\b.mp3",
                "/etc/a.mp3",
                "C:a.mp3",
                "a\u0000.mp3",
                "a\n.mp3",
                "CON.mp3",
                "lpt1.wav",
                "x".repeat(252) + ".mp3x",
                "")) {
            assertStatus(400, () -> uploads.create(playlistId, name, 100, null, null));
        }
        assertStatus(415, () -> uploads.create(playlistId, "notes.txt", 100, null, null));
        assertStatus(415, () -> uploads.create(playlistId, "song", 100, null, null));
        assertStatus(413, () -> uploads.create(playlistId, "a.mp3", 0, null, null));
        assertStatus(413, () -> uploads.create(playlistId, "a.mp3", 10L * 1024 * 1024 + 1, null, null));
        assertStatus(400, () -> uploads.create(playlistId, "a.mp3", 100, 2 * 1024 * 1024, null));
        assertStatus(400, () -> uploads.create(playlistId, "a.mp3", 100_000, 1, null));
        assertTrue(uploads.list(null, 100).isEmpty());
    }

    /**
     * A playlist's order travels to the cloud as one field under the message size budget, so a playlist holds at most
     * 3,000 tracks: a full one refuses an upload before a byte is sent, and the library refuses a track or a move
     * into it, changing nothing.
     */
    @Test
    void aFullPlaylistRefusesAnUploadAndATrackAndChangesNothing() throws Exception {
        String other = library.create("Other", "").id();
        library.addTrack(other, new NewTrack("Spare", "spare.mp3", "spare.mp3", 1000, null, null, 10))
                .orElseThrow();
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("INSERT INTO tracks (id, playlist_id, track_number, title, filename, "
                    + "file_path, duration_ms, file_size, created_at, updated_at) "
                    + "VALUES (?, ?, ?, 't', 'f.mp3', 'f.mp3', 1000, 10, '2026-12-01T00:00:00Z', "
                    + "'2026-12-01T00:00:00Z')")) {
                for (int i = 1; i <= 3_000; i++) {
                    ps.setString(1, "full-" + i);
                    ps.setString(2, playlistId);
                    ps.setInt(3, i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
        int sessions = uploads.list(null, 100).size();
        BoxError refused = assertThrows(BoxError.class, () -> uploads.create(playlistId, "a.mp3", 100, null, null));
        assertEquals(409, refused.status());
        assertTrue(refused.getMessage().contains("3000"), refused.getMessage());
        assertEquals(sessions, uploads.list(null, 100).size(), "no session opened");
        assertThrows(
                IllegalArgumentException.class,
                () -> library.addTrack(playlistId, new NewTrack("One more", "x.mp3", "x.mp3", 1000, null, null, 10)));
        assertThrows(IllegalArgumentException.class, () -> library.moveTrack(other, playlistId, 1, null));
        assertEquals(3_000, library.playlist(playlistId).orElseThrow().tracks().size());
        assertEquals(1, library.playlist(other).orElseThrow().tracks().size());
    }

    @Test
    void chunksAreIdempotentConflictingBytesAreRefusedAndSizesAreChecked() {
        UploadSession s = uploads.create(playlistId, "a.wav", 250, 100, null);
        assertEquals(3, s.totalChunks());
        byte[] c0 = filled(100, 1);
        assertFalse(uploads.receiveChunk(playlistId, s.id(), 0, c0, 0, 100).duplicate());
        var again = uploads.receiveChunk(playlistId, s.id(), 0, c0, 0, 100);
        assertTrue(again.duplicate());
        assertEquals(List.of(0), again.session().receivedChunks());
        assertStatus(409, () -> uploads.receiveChunk(playlistId, s.id(), 0, filled(100, 2), 0, 100));
        assertArrayEquals(c0, read(uploads.chunkFile(s.id(), 0)), "the first bytes stay");

        assertStatus(400, () -> uploads.receiveChunk(playlistId, s.id(), 3, filled(50, 1), 0, 50));
        assertStatus(400, () -> uploads.receiveChunk(playlistId, s.id(), -1, filled(100, 1), 0, 100));
        assertStatus(400, () -> uploads.receiveChunk(playlistId, s.id(), 1, filled(101, 1), 0, 101));
        assertStatus(400, () -> uploads.receiveChunk(playlistId, s.id(), 2, filled(60, 1), 0, 60));
        assertStatus(400, () -> uploads.receiveChunk(playlistId, s.id(), 1, filled(0, 1), 0, 0));
        assertStatus(404, () -> uploads.receiveChunk(playlistId, "nope", 1, filled(100, 1), 0, 100));
        assertStatus(404, () -> uploads.receiveChunk("other", s.id(), 1, filled(100, 1), 0, 100));
        assertEquals(List.of(1, 2), uploads.session(playlistId, s.id()).missingChunks());
        assertEquals(40.0, uploads.session(playlistId, s.id()).progress());
    }

    // ---- finalize

    @Test
    void aWavSentInChunksBecomesAByteIdenticalTrackWithItsRealDuration() throws Exception {
        Path wav = ToneFiles.wav(files, "Morning Song.wav", 440, 2_500, 44_100, 2);
        Track track = upload(wav, "Morning Song.wav", 100_000, null);
        assertEquals(1, track.trackNumber());
        assertEquals("Morning Song", track.title(), "title falls back to the file name");
        assertEquals(2_500, track.durationMs(), 50);
        assertEquals(Files.size(wav), track.fileSize());
        assertEquals(
                FileHash.sha256(wav), FileHash.sha256(library.mediaDir().resolve(track.filePath())), "byte-identical");
        assertEquals(
                library.mediaDir(), library.mediaDir().resolve(track.filePath()).getParent());
        // Events: progress (the last one complete), then complete, track_added, playlist_updated.
        awaitBox();
        var progress = fanout.events(Events.UPLOAD_PROGRESS);
        assertTrue(progress.get(progress.size() - 1).json().contains("\"complete\":true"), progress.toString());
        assertTrue(progress.get(progress.size() - 1).json().contains("\"progress\":100"), progress.toString());
        assertEquals(1, fanout.events(Events.UPLOAD_COMPLETE).size());
        assertEquals(
                "room:playlist:" + playlistId,
                fanout.events(Events.STATE_TRACK_ADDED).get(0).target());
        assertTrue(fanout.events(Events.STATE_PLAYLIST_UPDATED).get(0).json().contains("\"operation\":\"add_track\""));
        // the chunks are gone once the track is in
        awaitTrue(() -> !Files.exists(
                uploads.chunkFile(uploads.list(null, 1).get(0).id(), 0).getParent()));
    }

    @Test
    void anMp3GetsItsDurationAndTheOverrideWins() throws Exception {
        Path mp3 = ToneFiles.mp3(files, "tone.mp3", 440, 3_000);
        Track track = upload(mp3, "tone.mp3", 64 * 1024, new Uploads.Override("Bedtime", "Mum", null));
        assertEquals(3_000, track.durationMs(), 100);
        assertEquals("Bedtime", track.title());
        assertEquals("Mum", track.artist());
        assertNull(track.album());
    }

    @Test
    void finalizeTwiceGivesOneTrack() throws Exception {
        Path wav = ToneFiles.wav(files, "a.wav", 440, 500, 44_100, 1);
        UploadSession s = sendAll(wav, "a.wav", 20_000);
        Track first = finalizeNow(s.id(), null);
        Track second = finalizeNow(s.id(), null);
        assertEquals(first.id(), second.id());
        assertEquals(1, library.playlist(playlistId).orElseThrow().tracks().size());
        assertEquals("completed", uploads.session(playlistId, s.id()).view().status());
        assertTrue(uploads.session(playlistId, s.id()).view().finalized());
    }

    @Test
    void aSessionGoesPendingUploadingCompletedThenFinalizedAndTheListFiltersByThoseWords() throws Exception {
        Path wav = ToneFiles.wav(files, "a.wav", 440, 500, 44_100, 1);
        byte[] bytes = Files.readAllBytes(wav);
        UploadSession s = uploads.create(playlistId, "a.wav", bytes.length, 20_000, null);
        UploadSession.View pending = uploads.session(playlistId, s.id()).view();
        assertEquals("pending", pending.status());
        assertFalse(pending.finalized());
        assertNull(pending.completedAt());
        assertEquals(List.of(s.id()), ids(uploads.list("pending", 10)));
        int last = s.totalChunks() - 1;
        for (int i = 0; i < last; i++) {
            int length = s.chunkLength(i);
            assertEquals(
                    "uploading",
                    uploads.receiveChunk(playlistId, s.id(), i, bytes, i * 20_000, length)
                            .session()
                            .status());
        }
        assertEquals(List.of(s.id()), ids(uploads.list("uploading", 10)));
        UploadSession.View completed = uploads.receiveChunk(
                        playlistId, s.id(), last, bytes, last * 20_000, s.chunkLength(last))
                .session();
        assertEquals("completed", completed.status(), "every chunk arrived");
        assertFalse(completed.finalized());
        assertNotNull(completed.completedAt());
        assertNull(completed.finalizedAt());
        assertEquals(List.of(s.id()), ids(uploads.list("completed", 10)));
        assertTrue(uploads.list("uploading", 10).isEmpty(), "no longer listed as uploading");
        // The last chunk sent again (a lost answer) is the same bytes: nothing changes.
        assertTrue(uploads.receiveChunk(playlistId, s.id(), last, bytes, last * 20_000, s.chunkLength(last))
                .duplicate());
        Track track = finalizeNow(s.id(), null);
        UploadSession.View finalized = uploads.session(playlistId, s.id()).view();
        assertEquals("completed", finalized.status());
        assertTrue(finalized.finalized());
        assertEquals(track.id(), finalized.trackId());
        assertNotNull(finalized.finalizedAt());
        assertEquals(List.of(s.id()), ids(uploads.list("completed", 10)));
        BoxError more = assertThrows(
                BoxError.class, () -> uploads.receiveChunk(playlistId, s.id(), 0, bytes, 0, s.chunkLength(0)));
        assertEquals(409, more.status());
        assertTrue(more.getMessage().contains("finalized"), more.getMessage());
    }

    private static List<String> ids(List<UploadSession> sessions) {
        return sessions.stream().map(UploadSession::id).toList();
    }

    @Test
    void finalizeWithMissingChunksNamesThemAndKeepsTheRest() throws Exception {
        Path wav = ToneFiles.wav(files, "a.wav", 440, 500, 44_100, 1);
        byte[] bytes = Files.readAllBytes(wav);
        UploadSession s = uploads.create(playlistId, "a.wav", bytes.length, 10_000, null);
        uploads.receiveChunk(playlistId, s.id(), 0, bytes, 0, 10_000);
        BoxError e = assertThrows(BoxError.class, () -> uploads.prepare(playlistId, s.id(), null, null));
        assertEquals(409, e.status());
        assertEquals(List.of(1, 2, 3, 4), e.details().get("missing_chunks"));
        assertTrue(Files.exists(uploads.chunkFile(s.id(), 0)));
    }

    @Test
    void aTextFileNamedMp3IsRefusedAndItsDataRemoved() throws Exception {
        Path text = ToneFiles.text(files, "list.mp3");
        UploadSession s = sendAll(text, "list.mp3", 4096);
        assertStatus(415, () -> uploads.prepare(playlistId, s.id(), null, null));
        assertFalse(Files.exists(uploads.chunkFile(s.id(), 0).getParent()));
        assertEquals("error", uploads.session(playlistId, s.id()).view().status());
        assertEquals(List.of(s.id()), ids(uploads.list("error", 10)));
        assertTrue(library.playlist(playlistId).orElseThrow().tracks().isEmpty());
        awaitBox();
        assertEquals(1, fanout.events(Events.UPLOAD_ERROR).size());
        try (var media = Files.list(library.mediaDir())) {
            assertEquals(0, media.count(), "nothing left in the media folder");
        }
    }

    @Test
    void aSessionSurvivesReopeningTheDatabaseAndResumes() throws Exception {
        Path wav = ToneFiles.wav(files, "a.wav", 440, 1_000, 44_100, 1);
        byte[] bytes = Files.readAllBytes(wav);
        int size = 20_000;
        UploadSession s = uploads.create(playlistId, "a.wav", bytes.length, size, null);
        uploads.receiveChunk(playlistId, s.id(), 0, bytes, 0, size);
        uploads.receiveChunk(playlistId, s.id(), 2, bytes, 2 * size, size);
        db.close();
        open(new LocalDisk());
        UploadSession resumed = uploads.session(playlistId, s.id());
        assertEquals(List.of(0, 2), resumed.receivedChunks());
        assertEquals(List.of(1, 3, 4), resumed.missingChunks());
        for (int i : resumed.missingChunks()) {
            int len = resumed.chunkLength(i);
            uploads.receiveChunk(playlistId, s.id(), i, bytes, i * size, len);
        }
        Track track = finalizeNow(s.id(), null);
        assertArrayEquals(bytes, Files.readAllBytes(library.mediaDir().resolve(track.filePath())));
    }

    @Test
    void cleanupRemovesOldSessionsAndTheirFiles() {
        UploadSession old = uploads.create(playlistId, "old.wav", 200, 100, null);
        uploads.receiveChunk(playlistId, old.id(), 0, filled(100, 1), 0, 100);
        now += Duration.ofHours(25).toMillis();
        UploadSession fresh = uploads.create(playlistId, "new.wav", 200, 100, null);
        var cleaned = uploads.cleanup(Duration.ofHours(24));
        assertEquals(1, cleaned.size());
        assertEquals(old.id(), cleaned.get(0).sessionId());
        assertFalse(Files.exists(uploads.chunkFile(old.id(), 0).getParent()));
        assertStatus(404, () -> uploads.session(null, old.id()));
        assertEquals(fresh.id(), uploads.session(null, fresh.id()).id());
    }

    @Test
    void cancelRemovesTheChunks() {
        UploadSession s = uploads.create(playlistId, "a.wav", 200, 100, null);
        uploads.receiveChunk(playlistId, s.id(), 0, filled(100, 1), 0, 100);
        assertEquals(UploadSession.Status.CANCELLED, uploads.cancel(s.id()).status());
        assertFalse(Files.exists(uploads.chunkFile(s.id(), 0).getParent()));
        assertStatus(409, () -> uploads.receiveChunk(playlistId, s.id(), 1, filled(100, 1), 0, 100));
        assertStatus(404, () -> uploads.cancel("nope"));
    }

    @Test
    void progressEventsAreThinnedOutAndTheLastIsAlwaysSent() {
        int chunks = 50;
        UploadSession s = uploads.create(playlistId, "a.wav", chunks * 1000L, 1000, null);
        long start = System.nanoTime();
        for (int i = 0; i < chunks; i++) {
            uploads.receiveChunk(playlistId, s.id(), i, filled(1000, i), 0, 1000);
        }
        awaitBox();
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        var events = fanout.events(Events.UPLOAD_PROGRESS);
        assertTrue(events.size() <= 2 + tookMs / 100, events.size() + " events in " + tookMs + " ms");
        String last = events.get(events.size() - 1).json();
        assertTrue(last.contains("\"complete\":true") && last.contains("\"progress\":100"), last);
        assertTrue(last.contains("\"chunk_index\":49") && last.contains("\"file_name\":\"a.wav\""), last);
    }

    @Test
    void aFullCardIs507AndLeavesNothingBehind() throws Exception {
        db.close();
        open(new Disk() {
            private final LocalDisk local = new LocalDisk();

            @Override
            public void write(Path file, byte[] bytes, int offset, int length) throws IOException {
                if (file.getFileName().toString().equals("chunk-1")) {
                    throw new IOException("No space left on device");
                }
                local.write(file, bytes, offset, length);
            }

            @Override
            public void join(List<Path> parts, Path file) throws IOException {
                local.join(parts, file);
            }

            @Override
            public long usableSpace(Path dir) {
                return Long.MAX_VALUE;
            }
        });
        UploadSession s = uploads.create(playlistId, "a.wav", 200, 100, null);
        uploads.receiveChunk(playlistId, s.id(), 0, filled(100, 1), 0, 100);
        BoxError e =
                assertThrows(BoxError.class, () -> uploads.receiveChunk(playlistId, s.id(), 1, filled(100, 1), 0, 100));
        assertEquals(507, e.status());
        assertEquals("insufficient_storage", e.errorType());
        assertFalse(Files.exists(uploads.chunkFile(s.id(), 0).getParent()));
        assertEquals("error", uploads.session(playlistId, s.id()).view().status());
        assertTrue(uploads.session(playlistId, s.id()).receivedChunks().isEmpty());
    }

    @Test
    void tooLittleFreeSpaceRefusesTheSessionUpFront() {
        db.close();
        open(new Disk() {
            @Override
            public void write(Path file, byte[] bytes, int offset, int length) {
                throw new AssertionError("nothing is written");
            }

            @Override
            public void join(List<Path> parts, Path file) {
                throw new AssertionError("nothing is written");
            }

            @Override
            public long usableSpace(Path dir) {
                return 1000;
            }
        });
        assertStatus(507, () -> uploads.create(playlistId, "a.wav", 5000, null, null));
        assertTrue(uploads.list(null, 10).isEmpty());
    }

    @Test
    void openSessionsAreCountedAndTheOneTooManyIs429UntilOneEnds() {
        db.close();
        open(reporting(Long.MAX_VALUE), new Uploads.Limits(10L * 1024 * 1024, 3, 0));
        String pid = library.create("Songs", "").id();
        List<UploadSession> open = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            open.add(uploads.create(pid, "s" + i + ".wav", 1000, null, null));
        }
        BoxError e = assertThrows(BoxError.class, () -> uploads.create(pid, "s3.wav", 1000, null, null));
        assertEquals(429, e.status());
        assertEquals("too_many_uploads", e.errorType());
        assertTrue(e.getMessage().contains("finish or cancel one"), e.getMessage());
        assertEquals(3, uploads.list(null, 100).size(), "the refused session was not stored");
        uploads.cancel(open.get(0).id());
        assertEquals(
                "s3.wav", uploads.create(pid, "s3.wav", 1000, null, null).filename(), "a cancelled one frees a place");
    }

    @Test
    void whatOpenSessionsDeclaredCountsAgainstFreeSpaceWithTheMargin() {
        db.close();
        // 10,000 bytes free, 1,000 kept back: each 2,000-byte file needs 4,000 (chunks and assembled file).
        open(reporting(10_000), new Uploads.Limits(10L * 1024 * 1024, 100, 1_000));
        String pid = library.create("Songs", "").id();
        UploadSession first = uploads.create(pid, "a.wav", 2_000, 1_000, null);
        uploads.create(pid, "b.wav", 2_000, 1_000, null);
        BoxError e = assertThrows(BoxError.class, () -> uploads.create(pid, "c.wav", 2_000, 1_000, null));
        assertEquals(507, e.status());
        assertEquals("insufficient_storage", e.errorType());
        assertEquals(8_000L, e.details().get("open_uploads_bytes"));
        assertTrue(e.getMessage().contains("already open"), e.getMessage());
        assertEquals(2, uploads.list(null, 100).size(), "the refused session was not stored");

        // A chunk received is on the card already: only the rest and the assembled file stay promised.
        uploads.receiveChunk(pid, first.id(), 0, filled(1_000, 1), 0, 1_000);
        BoxError still = assertThrows(BoxError.class, () -> uploads.create(pid, "c.wav", 2_000, 1_000, null));
        assertEquals(7_000L, still.details().get("open_uploads_bytes"));
        uploads.cancel(first.id());
        assertEquals("c.wav", uploads.create(pid, "c.wav", 2_000, 1_000, null).filename());
    }

    // ---- helpers

    private Track upload(Path file, String name, int chunkSize, Uploads.Override override) throws Exception {
        UploadSession s = sendAll(file, name, chunkSize);
        return finalizeNow(s.id(), override);
    }

    private UploadSession sendAll(Path file, String name, int chunkSize) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        UploadSession s = uploads.create(playlistId, name, bytes.length, chunkSize, null);
        for (int i = s.totalChunks() - 1; i >= 0; i--) { // any order will do
            uploads.receiveChunk(playlistId, s.id(), i, bytes, i * chunkSize, s.chunkLength(i));
        }
        return s;
    }

    private Track finalizeNow(String sessionId, Uploads.Override override) throws Exception {
        Uploads.Prepared prepared = uploads.prepare(playlistId, sessionId, null, override);
        return inbox.ask(Inbox.Lane.PARENT, () -> uploads.commit(prepared))
                .get(10, TimeUnit.SECONDS)
                .track();
    }

    private void awaitBox() {
        try {
            Thread.sleep(ProgressEvents.INTERVAL.toMillis() + 50);
            inbox.ask(Inbox.Lane.PARENT, () -> null).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 5 s");
            }
            Thread.sleep(20);
        }
    }

    private static void assertStatus(int status, org.junit.jupiter.api.function.Executable call) {
        BoxError e = assertThrows(BoxError.class, call);
        assertEquals(status, e.status(), e.getMessage());
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
