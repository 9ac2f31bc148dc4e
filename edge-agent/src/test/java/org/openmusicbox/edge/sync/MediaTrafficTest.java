package org.openmusicbox.edge.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.Library.NewTrack;
import org.openmusicbox.edge.library.sqlite.MediaNeedRows;
import org.openmusicbox.edge.library.sqlite.PendingUploadRows;
import org.openmusicbox.edge.library.sqlite.SqliteLibrary;
import org.openmusicbox.edge.library.sqlite.SqliteOutbox;
import org.openmusicbox.edge.media.MediaCache;
import org.openmusicbox.edge.media.sqlite.SqliteMediaBook;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.mqtt.MediaRequest;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Media;
import org.openmusicbox.protocol.v1.sync.Stamp;

/** Files each way between the box and a stand-in cloud (media/requests answered, a loopback server for S3). */
class MediaTrafficTest {

    private static final String ID = "box-media-01";
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private StandInCloud cloud;
    private RunningBox box;

    /** The parts of one run of the box over {@link #dir}: a restart is a new one. */
    private final class RunningBox implements AutoCloseable {
        final Database db = Database.open(dir);
        final SqliteLibrary library = new SqliteLibrary(db, System::currentTimeMillis);
        final PendingUploadRows pending = new PendingUploadRows(db, System::currentTimeMillis);
        final List<String> arrived = new CopyOnWriteArrayList<>();
        final CloudTraffic traffic;

        RunningBox() {
            MediaNeedRows needs = new MediaNeedRows(db);
            var downloads = Executors.newFixedThreadPool(2);
            MediaCache cache = MediaCache.open(
                    library.mediaDir(),
                    new SqliteMediaBook(db),
                    needs::kept,
                    1 << 20,
                    MediaCache.httpClient(null),
                    downloads);
            CloudChanges changes = new CloudChanges() {
                @Override
                public long cursor() {
                    return library.cloudCursor();
                }

                @Override
                public void apply(long lastSeq, List<FieldChange> page) {
                    library.applyFromCloud(lastSeq, page);
                }
            };
            traffic = new CloudTraffic(
                    ID,
                    new SqliteOutbox(db),
                    changes,
                    new JsonCodec(),
                    new MediaTraffic.Parts(
                            cache,
                            needs,
                            pending,
                            library.mediaDir(),
                            MediaCache.httpClient(null),
                            downloads,
                            arrived::add,
                            Duration.ofMillis(20)));
        }

        @Override
        public void close() {
            traffic.close();
            db.close();
        }
    }

    @AfterEach
    void stop() {
        if (box != null) {
            box.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void anUploadMadeOfflineGoesUpOnceAfterARestart() throws Exception {
        cloud = new StandInCloud(ID);
        box = new RunningBox();
        byte[] song = "not really an mp3, but bytes".getBytes(StandardCharsets.UTF_8);
        String sha = uploaded(song);
        box.close();

        box = new RunningBox();
        assertEquals(1, box.pending.all().size(), "the pending upload survived the restart");
        connect();
        await(() -> box.pending.all().isEmpty(), "the upload is done");
        assertEquals(1, cloud.puts.get());
        assertArrayEquals(song, cloud.store.get("media/" + sha + ".mp3"));
        assertEquals(List.of("put", "stored"), actions());
        assertEquals(
                List.of("{\"sha256\":\"" + sha + "\",\"object_key\":\"media/" + sha + ".mp3\",\"format\":\"mp3\","
                        + "\"file_size\":" + song.length + "}"),
                mediaRecorded(),
                "the track records where its file is, for the cloud");
        box.close();

        box = new RunningBox();
        connect();
        int asked = cloud.requests.size();
        connect();
        assertEquals(asked, cloud.requests.size(), "nothing pending, nothing asked");
        assertEquals(1, cloud.puts.get());
    }

    @Test
    void aFileTheStoreHoldsIsNotSentAgain() throws Exception {
        cloud = new StandInCloud(ID);
        box = new RunningBox();
        byte[] song = "already in the cloud".getBytes(StandardCharsets.UTF_8);
        String sha = uploaded(song);
        cloud.store.put("media/" + sha + ".mp3", song);
        connect();
        await(() -> box.pending.all().isEmpty(), "the upload is done");
        assertEquals(0, cloud.puts.get());
        assertEquals(List.of("put"), actions());
        assertEquals(1, mediaRecorded().size(), "a file already there is recorded all the same");
    }

    /** The values of the track media changes waiting in the outbox. */
    private List<String> mediaRecorded() {
        return new org.openmusicbox.edge.library.sqlite.SqliteOutbox(box.db)
                .oldest(1_000).stream()
                        .filter(e -> e.field().equals("media"))
                        .map(e -> e.valueJson())
                        .toList();
    }

    @Test
    void aChecksumMismatchIsTriedOnceMoreThenGivenUp() throws Exception {
        cloud = new StandInCloud(ID);
        cloud.corrupt = "garbled".getBytes(StandardCharsets.UTF_8);
        box = new RunningBox();
        uploaded("the real bytes".getBytes(StandardCharsets.UTF_8));
        connect();
        await(() -> box.pending.all().isEmpty(), "the upload is given up");
        assertEquals(2, cloud.puts.get());
        assertTrue(
                box.traffic.mediaQueue().lastError().contains("other bytes"),
                box.traffic.mediaQueue().toString());
        assertEquals(List.of(), mediaRecorded(), "a file the store does not hold is never named to the cloud");
    }

    @Test
    void aCloudTrackIsDownloadedAndBecomesAvailable() throws Exception {
        cloud = new StandInCloud(ID);
        box = new RunningBox();
        byte[] song = "a song from the cloud".getBytes(StandardCharsets.UTF_8);
        String sha = StandInCloud.sha256(song);
        cloud.store.put("media/" + sha + ".mp3", song);
        cloudTrack(sha, song.length);
        assertFalse(track().available(), "not here yet");

        connect();
        await(() -> box.arrived.contains(sha), "the file arrived");
        assertTrue(track().available());
        assertArrayEquals(song, Files.readAllBytes(box.library.mediaDir().resolve(sha + ".mp3")));
        await(() -> box.traffic.mediaQueue().downloadsWaiting() == 0, "nothing waits");
    }

    @Test
    void aFileNotFoundIsAskedAgainWithBackoffAndSaidInHealth() throws Exception {
        cloud = new StandInCloud(ID);
        box = new RunningBox();
        byte[] song = "late".getBytes(StandardCharsets.UTF_8);
        String sha = StandInCloud.sha256(song);
        cloudTrack(sha, song.length);
        connect();
        await(() -> String.valueOf(box.traffic.mediaQueue().lastError()).contains("not_found"), "the error in health");
        assertEquals(1, box.traffic.mediaQueue().downloadsWaiting());
        assertTrue(CloudHealth.words(box.traffic.mediaQueue()).startsWith("media: 1 download waiting, 0 uploads"));
        cloud.store.put("media/" + sha + ".mp3", song);
        await(() -> box.arrived.contains(sha), "the file arrived on a later try");
        assertTrue(track().available());
    }

    @Test
    void aFileWithOtherBytesThanItsHashIsNeverPlayable() throws Exception {
        cloud = new StandInCloud(ID);
        box = new RunningBox();
        String sha = StandInCloud.sha256("the right bytes".getBytes(StandardCharsets.UTF_8));
        cloud.store.put("media/" + sha + ".mp3", "wrong bytes, same len".getBytes(StandardCharsets.UTF_8));
        cloudTrack(sha, 21);
        connect();
        await(() -> String.valueOf(box.traffic.mediaQueue().lastError()).contains("sha256"), "the error in health");
        assertFalse(track().available());
        assertFalse(Files.exists(box.library.mediaDir().resolve(sha + ".mp3")));
        assertTrue(box.arrived.isEmpty());
    }

    @Test
    void anUnusableAnswerIsDroppedAndChangesNothing() throws Exception {
        cloud = new StandInCloud(ID);
        box = new RunningBox();
        uploaded("bytes".getBytes(StandardCharsets.UTF_8));
        AtomicInteger handled = new AtomicInteger();
        box.traffic.arrived(
                Topics.mediaUrls(ID),
                "{\"status\":\"url\"}".getBytes(StandardCharsets.UTF_8),
                handled::incrementAndGet);
        await(() -> handled.get() == 1, "the bad answer acknowledged");
        assertEquals(1, box.pending.all().size());
        assertEquals(0, cloud.puts.get());
    }

    private String uploaded(byte[] bytes) throws Exception {
        String sha = StandInCloud.sha256(bytes);
        String playlist = box.library.create("Uploads", null).id();
        Path file = box.library.mediaDir().resolve("upload-1.mp3");
        Files.write(file, bytes);
        box.library
                .addTrack(
                        playlist,
                        new NewTrack("Song", "song.mp3", file.toString(), 1000, null, null, bytes.length, sha))
                .orElseThrow();
        return sha;
    }

    private long stamp;

    private void cloudTrack(String sha, long size) {
        box.library.applyFromCloud(
                1,
                List.of(
                        change(Entity.PLAYLIST, "p", Fields.TITLE, "From the cloud"),
                        change(Entity.TRACK, "t", Fields.TITLE, "Cloud song"),
                        change(Entity.TRACK, "t", Fields.MEDIA, new Media(sha, "media/" + sha + ".mp3", "mp3", size)),
                        change(Entity.TRACK, "t", Fields.PLAYLIST_ID, "p")));
    }

    private FieldChange change(Entity entity, String id, String field, Object value) {
        stamp++;
        return new FieldChange(entity, id, field, value, new Stamp(stamp << 16, "cloud-a"), "c" + stamp);
    }

    private Track track() {
        return box.library.playlist("p").orElseThrow().tracks().get(0);
    }

    private void connect() {
        cloud.serve(box.traffic);
        box.traffic.connected(cloud);
    }

    private List<String> actions() {
        return cloud.requests.stream().map(MediaRequest::action).toList();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not seen within " + DEADLINE + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}
