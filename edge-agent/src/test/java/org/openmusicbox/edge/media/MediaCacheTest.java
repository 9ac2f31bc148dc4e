package org.openmusicbox.edge.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.media.MediaException.Reason;
import org.openmusicbox.edge.media.sqlite.SqliteMediaBook;

/**
 * The cache against a real HTTP server on loopback and the real SQLite book: whole downloads, a cut one
 * resumed with a Range request, servers that ignore Range or refuse the URL, wrong hashes, a restart with
 * a part left behind, one download per sha256, and eviction by last play within the budget.
 */
class MediaCacheTest {

    private static final int SIZE = 200_000;
    private static final long WAIT_S = 20;

    @TempDir
    Path dataDir;

    private MediaServer server;
    private ExecutorService downloads;
    private Database db;
    private volatile Set<String> kept = Set.of();

    @BeforeEach
    void start() throws IOException {
        server = new MediaServer();
        downloads = Executors.newFixedThreadPool(4);
        db = Database.open(dataDir);
    }

    @AfterEach
    void stop() {
        server.close();
        downloads.shutdownNow();
        db.close();
    }

    private MediaCache open(long budget) {
        return MediaCache.open(
                db.mediaDir(), new SqliteMediaBook(db), () -> kept, budget, MediaCache.httpClient(null), downloads);
    }

    /** What a restart does: a new database connection and a new cache on the same card. */
    private MediaCache restart(long budget) {
        db.close();
        db = Database.open(dataDir);
        return open(budget);
    }

    @Test
    void aCompleteDownloadIsVerifiedAndNamedByItsHash() throws Exception {
        MediaCache cache = open(10L * SIZE);
        byte[] song = bytes(1);
        URI url = server.put("/a", song);

        Path file = await(cache.fetch(sha256(song), "MP3", SIZE, url));

        assertEquals(db.mediaDir().resolve(sha256(song) + ".mp3"), file);
        assertArrayEquals(song, Files.readAllBytes(file));
        assertTrue(cache.has(sha256(song)));
        assertEquals(file, cache.path(sha256(song)).orElseThrow());
        assertEquals(List.of(), parts());
        assertEquals(List.of("/a -"), server.requests());
        assertEquals(new MediaNumbers(1, SIZE, 10L * SIZE, 0), cache.numbers());
        // Asked again, it is already here: no second request.
        assertEquals(file, await(cache.fetch(sha256(song), "mp3", SIZE, url)));
        assertEquals(1, server.requests().size());
    }

    @Test
    void aCutDownloadIsResumedWithARangeRequest() throws Exception {
        MediaCache cache = open(10L * SIZE);
        byte[] song = bytes(2);
        URI url = server.put("/b", song);
        server.cutNextAfter = SIZE / 2;

        MediaException cut = failure(cache.fetch(sha256(song), "mp3", SIZE, url));

        assertEquals(Reason.INTERRUPTED, cut.reason());
        assertFalse(cache.has(sha256(song)));
        assertFalse(Files.exists(db.mediaDir().resolve(sha256(song) + ".mp3")), "no playable half file");
        Path part = db.mediaDir().resolve(sha256(song) + ".mp3.part");
        long kept = Files.size(part);
        assertTrue(kept > 0 && kept <= SIZE / 2, "part holds what arrived: " + kept);

        Path file = await(cache.fetch(sha256(song), "mp3", SIZE, url));

        assertEquals(List.of("/b -", "/b bytes=" + kept + "-"), server.requests());
        assertArrayEquals(song, Files.readAllBytes(file));
        assertEquals(List.of(), parts());
    }

    @Test
    void aStalledBodyIsGivenUpAndResumedLater() throws Exception {
        MediaCache cache = MediaCache.open(
                db.mediaDir(),
                new SqliteMediaBook(db),
                () -> kept,
                10L * SIZE,
                MediaCache.httpClient(null),
                downloads,
                Duration.ofMillis(300));
        byte[] song = bytes(60);
        URI url = server.put("/s", song);
        server.cutNextAfter = SIZE / 4;
        server.holdInsteadOfCut = true;

        MediaException stalled = failure(cache.fetch(sha256(song), "mp3", SIZE, url));

        assertEquals(Reason.INTERRUPTED, stalled.reason());
        assertTrue(stalled.getMessage().contains("no byte arrived"), stalled.getMessage());
        assertEquals(0, cache.numbers().downloadsInFlight(), "a later fetch starts anew");
        Path file = await(cache.fetch(sha256(song), "mp3", SIZE, url));
        assertEquals("/s bytes=" + SIZE / 4 + "-", server.requests().get(1));
        assertArrayEquals(song, Files.readAllBytes(file));
    }

    @Test
    void aServerIgnoringRangeGivesTheWholeFileAgain() throws Exception {
        MediaCache cache = open(10L * SIZE);
        byte[] song = bytes(3);
        URI url = server.put("/c", song);
        server.cutNextAfter = SIZE / 3;
        failure(cache.fetch(sha256(song), "mp3", SIZE, url));
        Path part = db.mediaDir().resolve(sha256(song) + ".mp3.part");
        long kept = Files.size(part);
        // Garbage in the part proves the whole body replaced it rather than being appended to it.
        Files.write(part, new byte[(int) kept]);
        server.ignoreRange = true;

        Path file = await(cache.fetch(sha256(song), "mp3", SIZE, url));

        assertEquals("/c bytes=" + kept + "-", server.requests().get(1));
        assertArrayEquals(song, Files.readAllBytes(file));
    }

    @Test
    void aWrongHashLeavesNeitherFileNorPart() throws Exception {
        MediaCache cache = open(10L * SIZE);
        byte[] song = bytes(4);
        String claimed = sha256(bytes(5));
        URI url = server.put("/d", song);

        MediaException wrong = failure(cache.fetch(claimed, "mp3", SIZE, url));

        assertEquals(Reason.WRONG_HASH, wrong.reason());
        assertTrue(wrong.getMessage().contains("expected " + claimed), wrong.getMessage());
        assertTrue(wrong.getMessage().contains(sha256(song)), wrong.getMessage());
        assertFalse(cache.has(claimed));
        assertEquals(List.of(), mediaFiles());
        assertEquals(List.of(), new SqliteMediaBook(db).entries());
    }

    @Test
    void aWrongSizeIsRefusedBeforeTheBodyIsWritten() throws Exception {
        MediaCache cache = open(10L * SIZE);
        byte[] song = bytes(6);
        URI url = server.put("/e", song);

        MediaException wrong = failure(cache.fetch(sha256(song), "mp3", SIZE + 1, url));

        assertEquals(Reason.WRONG_SIZE, wrong.reason());
        assertEquals(List.of(), mediaFiles());
    }

    @Test
    void anExpiredUrlSaysItMustBeRenewedWithoutItsSignature() throws Exception {
        MediaCache cache = open(10L * SIZE);
        byte[] song = bytes(7);
        URI url = server.put("/f", song);
        server.forbidden = true;

        MediaException expired = failure(cache.fetch(sha256(song), "mp3", SIZE, url));

        assertEquals(Reason.URL_EXPIRED, expired.reason());
        assertTrue(expired.getMessage().contains("403"), expired.getMessage());
        assertTrue(expired.getMessage().contains("expired"), expired.getMessage());
        assertTrue(expired.getMessage().contains("must be renewed"), expired.getMessage());
        assertTrue(expired.getMessage().contains("/f"), expired.getMessage());
        assertFalse(expired.getMessage().contains("s3cr3t"), "the signature stays out of logs");
        assertFalse(cache.has(sha256(song)));

        server.forbidden = false;
        assertArrayEquals(song, Files.readAllBytes(await(cache.fetch(sha256(song), "mp3", SIZE, url))));
    }

    @Test
    void aRestartAfterAKilledDownloadResumesItAndCleansTheRest() throws Exception {
        MediaCache cache = open(10L * SIZE);
        byte[] song = bytes(8);
        URI url = server.put("/g", song);
        server.cutNextAfter = SIZE / 2;
        failure(cache.fetch(sha256(song), "mp3", SIZE, url));
        long kept = Files.size(db.mediaDir().resolve(sha256(song) + ".mp3.part"));
        // What else a killed agent may leave: a part nobody is downloading, a part longer than its file,
        // a complete-named file whose download never finished (wrong bytes) ...
        byte[] other = bytes(9);
        Path orphanPart = write(sha256(other) + ".ogg.part", new byte[10]);
        byte[] tooLong = bytes(10);
        new SqliteMediaBook(db).downloading(sha256(tooLong), "mp3", 5);
        Path longPart = write(sha256(tooLong) + ".mp3.part", new byte[6]);
        byte[] renamed = bytes(11);
        new SqliteMediaBook(db).downloading(sha256(renamed), "mp3", SIZE);
        Path badComplete = write(sha256(renamed) + ".mp3", bytes(12));
        // ... and files that are not the cache's: tracks uploaded on the box, a file of the cache's shape
        // the cache never wrote.
        Path upload = write("3f2c9a1e-0b7d-4c55-9a51-1d2e3f4a5b6c.mp3", bytes(13));
        Path stranger = write(sha256(bytes(14)) + ".mp3", bytes(15));

        cache = restart(10L * SIZE);

        assertFalse(cache.has(sha256(song)));
        assertFalse(Files.exists(db.mediaDir().resolve(sha256(song) + ".mp3")), "no playable half file");
        assertEquals(kept, Files.size(db.mediaDir().resolve(sha256(song) + ".mp3.part")), "kept for resuming");
        assertFalse(Files.exists(orphanPart));
        assertFalse(Files.exists(longPart));
        assertFalse(Files.exists(badComplete));
        assertFalse(cache.has(sha256(renamed)));
        assertTrue(Files.exists(upload));
        assertTrue(Files.exists(stranger));
        assertFalse(cache.has(sha256(bytes(14))));

        Path file = await(cache.fetch(sha256(song), "mp3", SIZE, url));

        assertEquals("/g bytes=" + kept + "-", server.requests().get(1));
        assertArrayEquals(song, Files.readAllBytes(file));
        assertEquals(
                List.of(sha256(song)),
                new SqliteMediaBook(db)
                        .entries().stream().map(MediaBook.Entry::sha256).toList());
    }

    @Test
    void aFileRenamedJustBeforeTheKillIsCheckedAndKept() throws Exception {
        byte[] song = bytes(16);
        new SqliteMediaBook(db).downloading(sha256(song), "mp3", SIZE);
        write(sha256(song) + ".mp3", song);

        MediaCache cache = open(10L * SIZE);

        assertTrue(cache.has(sha256(song)));
        assertTrue(new SqliteMediaBook(db).entries().get(0).complete());
    }

    @Test
    void twoFetchesOfOneFileAtOnceDownloadItOnce() throws Exception {
        MediaCache cache = open(10L * SIZE);
        byte[] song = bytes(17);
        URI url = server.put("/h", song);
        server.gate = new CountDownLatch(1);

        CompletableFuture<Path> first = cache.fetch(sha256(song), "mp3", SIZE, url);
        assertTrue(server.arrived.await(WAIT_S, TimeUnit.SECONDS), "the first download reached the server");
        CompletableFuture<Path> second = cache.fetch(sha256(song), "mp3", SIZE, url);
        assertEquals(1, cache.numbers().downloadsInFlight());
        server.gate.countDown();

        assertEquals(await(first), await(second));
        assertEquals(1, server.requests().size());
        assertEquals(0, cache.numbers().downloadsInFlight());
    }

    @Test
    void evictionTakesTheLeastRecentlyPlayedAndNeverAKeptFile() throws Exception {
        MediaCache cache = open(3L * SIZE);
        byte[] a = bytes(20), b = bytes(21), c = bytes(22), d = bytes(23), e = bytes(24);
        for (byte[] song : List.of(a, b, c)) {
            await(cache.fetch(sha256(song), "mp3", SIZE, server.put("/" + sha256(song), song)));
        }
        // As the player reports it: a file it started. Files that are not the cache's change nothing.
        cache.startedPlaying(db.mediaDir().resolve(sha256(a) + ".mp3"));
        cache.startedPlaying(db.mediaDir().resolve("uploads").resolve(sha256(b) + ".mp3"));
        cache.startedPlaying(db.mediaDir().resolve("song.mp3"));

        await(cache.fetch(sha256(d), "mp3", SIZE, server.put("/d", d)));

        assertFalse(cache.has(sha256(b)), "b was downloaded after a, but a was played since");
        assertFalse(Files.exists(db.mediaDir().resolve(sha256(b) + ".mp3")));
        assertTrue(cache.has(sha256(a)) && cache.has(sha256(c)) && cache.has(sha256(d)));

        // c is now the least recently used, but it is kept: a goes instead.
        kept = Set.of(sha256(c));
        await(cache.fetch(sha256(e), "mp3", SIZE, server.put("/e", e)));

        assertTrue(cache.has(sha256(c)));
        assertFalse(cache.has(sha256(a)));
        assertEquals(new MediaNumbers(3, 3L * SIZE, 3L * SIZE, 0), cache.numbers());
    }

    @Test
    void noRoomWhenOnlyKeptFilesCouldMakeIt() throws Exception {
        MediaCache cache = open(2L * SIZE);
        byte[] a = bytes(30), b = bytes(31), c = bytes(32);
        await(cache.fetch(sha256(a), "mp3", SIZE, server.put("/a", a)));
        await(cache.fetch(sha256(b), "mp3", SIZE, server.put("/b", b)));
        kept = Set.of(sha256(a), sha256(b));

        MediaException full = failure(cache.fetch(sha256(c), "mp3", SIZE, server.put("/c", c)));

        assertEquals(Reason.NO_ROOM, full.reason());
        assertTrue(full.getMessage().contains("kept"), full.getMessage());
        assertTrue(full.getMessage().contains("omb.media.cache-max-bytes"), full.getMessage());
        assertTrue(cache.has(sha256(a)) && cache.has(sha256(b)), "nothing kept was removed");
        assertEquals(2, server.requests().size(), "the download of c never started");
        assertEquals(List.of(), parts());

        MediaException tooBig = failure(cache.fetch(sha256(c), "mp3", 3L * SIZE, server.put("/c", c)));
        assertEquals(Reason.NO_ROOM, tooBig.reason());
        assertTrue(tooBig.getMessage().contains("larger than the whole cache budget"), tooBig.getMessage());
    }

    @Test
    void playsAreRememberedAcrossARestart() throws Exception {
        MediaCache cache = open(2L * SIZE);
        byte[] a = bytes(40), b = bytes(41), c = bytes(42);
        await(cache.fetch(sha256(a), "mp3", SIZE, server.put("/a", a)));
        await(cache.fetch(sha256(b), "mp3", SIZE, server.put("/b", b)));
        cache.played(sha256(a));

        cache = restart(2L * SIZE);
        assertTrue(cache.has(sha256(a)) && cache.has(sha256(b)));
        await(cache.fetch(sha256(c), "mp3", SIZE, server.put("/c", c)));

        assertTrue(cache.has(sha256(a)), "played last before the restart");
        assertFalse(cache.has(sha256(b)));
    }

    @Test
    void badNamesAreRefusedBeforeAnythingIsFetched() {
        MediaCache cache = open(10L * SIZE);
        URI url = server.put("/x", bytes(50));
        String sha = sha256(bytes(50));

        assertThrows(IllegalArgumentException.class, () -> cache.fetch("abc", "mp3", SIZE, url));
        assertThrows(IllegalArgumentException.class, () -> cache.fetch(sha, "../mp3", SIZE, url));
        assertThrows(IllegalArgumentException.class, () -> cache.fetch(sha, "mp3", -1, url));
        assertThrows(
                IllegalArgumentException.class, () -> cache.fetch(sha, "mp3", SIZE, URI.create("file:///etc/passwd")));
        assertThrows(IllegalArgumentException.class, () -> cache.has("../../library.db"));
        assertEquals(List.of(), server.requests());
    }

    @Test
    void theDefaultBudgetIsHalfTheCard() throws IOException {
        long card = Files.getFileStore(db.mediaDir()).getTotalSpace();

        assertEquals(card / 2, MediaCache.defaultBudget(db.mediaDir()));
        assertTrue(card > 0);
    }

    private static Path await(CompletableFuture<Path> download) throws Exception {
        return download.get(WAIT_S, TimeUnit.SECONDS);
    }

    private static MediaException failure(CompletableFuture<Path> download) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> download.get(WAIT_S, TimeUnit.SECONDS));
        return assertInstanceOf(MediaException.class, e.getCause());
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(db.mediaDir().resolve(name), content);
    }

    private List<String> mediaFiles() throws IOException {
        try (Stream<Path> files = Files.list(db.mediaDir())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private List<String> parts() throws IOException {
        return mediaFiles().stream().filter(n -> n.endsWith(".part")).toList();
    }

    private static byte[] bytes(long seed) {
        byte[] b = new byte[SIZE];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
