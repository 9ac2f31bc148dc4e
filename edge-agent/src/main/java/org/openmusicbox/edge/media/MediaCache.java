package org.openmusicbox.edge.media;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.openmusicbox.edge.media.MediaException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content-addressed cache in the media directory: {@code <sha256>.<ext>}, the same name as the cloud's
 * object, so a track's relative {@code file_path} is just that name. A file is only ever there complete:
 * it is downloaded into {@code <sha256>.<ext>.part}, verified, forced to the card and renamed in one step.
 * One download per sha256 at a time, on the executor handed in (never the box thread). Before a download
 * starts, room is made within the budget by evicting the least recently played files that {@link Keep}
 * does not name.
 */
public final class MediaCache {

    private static final Logger log = LoggerFactory.getLogger(MediaCache.class);

    /** Long enough for a Wi-Fi that drops out for a while, short enough that a retry comes the same hour. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

    private final Path mediaDir;
    private final MediaBook book;
    private final Keep keep;
    private final long budgetBytes;
    private final Download download;
    private final Executor executor;

    private final Object lock = new Object();
    // guarded by lock
    private final Map<String, Cached> complete = new HashMap<>();
    private final Map<String, CompletableFuture<Path>> inFlight = new HashMap<>();
    private final Map<String, Long> reserved = new HashMap<>();

    private record Cached(ContentName name, long size) {}

    private MediaCache(
            Path mediaDir,
            MediaBook book,
            Keep keep,
            long budgetBytes,
            HttpClient http,
            Executor executor,
            Duration stallTimeout) {
        this.mediaDir = Objects.requireNonNull(mediaDir, "mediaDir");
        this.book = Objects.requireNonNull(book, "book");
        this.keep = Objects.requireNonNull(keep, "keep");
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("budget must be 0 or more: " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
        this.download = new Download(Objects.requireNonNull(http, "http"), Duration.ofSeconds(30), stallTimeout);
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Opens the cache on {@code mediaDir} (which must exist) and tidies what a previous run left; see
     * {@link #tidy()}. Runs on the caller's thread, before any download.
     */
    public static MediaCache open(
            Path mediaDir, MediaBook book, Keep keep, long budgetBytes, HttpClient http, Executor executor) {
        return open(mediaDir, book, keep, budgetBytes, http, executor, STALL_TIMEOUT);
    }

    /** As above, giving up on a body when no byte arrived for {@code stallTimeout}; tests shorten it. */
    static MediaCache open(
            Path mediaDir,
            MediaBook book,
            Keep keep,
            long budgetBytes,
            HttpClient http,
            Executor executor,
            Duration stallTimeout) {
        MediaCache cache = new MediaCache(mediaDir, book, keep, budgetBytes, http, executor, stallTimeout);
        cache.tidy();
        return cache;
    }

    /**
     * An HTTP client for presigned URLs: HTTP/1.1 (S3's), a bounded connect, redirects kept to HTTPS, trusting
     * what {@code tls} gives (null: the JVM's CAs). Built on its first request ({@link FirstUseHttpClient}): a box
     * with a cloud link but nothing to move holds no TLS context.
     */
    public static HttpClient httpClient(java.util.function.Supplier<javax.net.ssl.SSLContext> tls) {
        return new FirstUseHttpClient(() -> {
            HttpClient.Builder builder = HttpClient.newBuilder();
            Optional.ofNullable(tls).map(java.util.function.Supplier::get).ifPresent(builder::sslContext);
            return builder.version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        });
    }

    /**
     * The file with this sha256, downloaded from {@code url} unless it is already here. Returns at once;
     * the future completes with the file's path, or fails with a {@link MediaException}. A fetch of a
     * sha256 already being downloaded joins that download (whatever its URL).
     */
    public CompletableFuture<Path> fetch(String sha256, String ext, long expectedSize, URI url) {
        ContentName name = ContentName.of(sha256, ext);
        if (expectedSize < 0) {
            throw new IllegalArgumentException("expected size must be 0 or more: " + expectedSize);
        }
        Objects.requireNonNull(url, "url");
        if (!"https".equalsIgnoreCase(url.getScheme()) && !"http".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException("download URL must be http or https: " + Download.safe(url));
        }
        synchronized (lock) {
            Optional<Path> here = completePath(name.sha256());
            if (here.isPresent()) {
                return CompletableFuture.completedFuture(here.get());
            }
            CompletableFuture<Path> running = inFlight.get(name.sha256());
            if (running != null) {
                return running.copy();
            }
            CompletableFuture<Path> started = new CompletableFuture<>();
            inFlight.put(name.sha256(), started);
            try {
                executor.execute(() -> run(name, expectedSize, url, started));
            } catch (RejectedExecutionException e) {
                inFlight.remove(name.sha256());
                throw e;
            }
            return started.copy();
        }
    }

    /** Whether the complete, verified file is here. */
    public boolean has(String sha256) {
        return path(sha256).isPresent();
    }

    /** The complete file; empty while it is missing or still being downloaded. */
    public Optional<Path> path(String sha256) {
        String sha = ContentName.checkedSha256(sha256);
        synchronized (lock) {
            return completePath(sha);
        }
    }

    /**
     * The player started {@code file}: when it is one of this cache's files ({@code <sha256>.<ext>} here), it becomes
     * the last to be evicted. Any other file is none of the cache's business. Never throws: only the eviction order
     * would suffer, and the track plays all the same.
     */
    public void startedPlaying(Path file) {
        String name = file.getFileName().toString();
        if (mediaDir.equals(file.getParent()) && name.matches("[0-9a-f]{64}\\.[a-z0-9]{1,8}")) {
            try {
                played(name.substring(0, 64));
            } catch (RuntimeException e) {
                log.warn("Could not note that {} played: {}", name, e.toString());
            }
        }
    }

    /** A track of this file started playing: it becomes the last to be evicted. */
    public void played(String sha256) {
        book.played(ContentName.checkedSha256(sha256));
    }

    public MediaNumbers numbers() {
        synchronized (lock) {
            return new MediaNumbers(complete.size(), completeBytes(), budgetBytes, inFlight.size());
        }
    }

    private void run(ContentName name, long size, URI url, CompletableFuture<Path> done) {
        Path part = mediaDir.resolve(name.part());
        Path result = null;
        RuntimeException failure = null;
        try {
            makeRoom(name.sha256(), size);
            book.downloading(name.sha256(), name.ext(), size);
            download.into(part, name.sha256(), size, url);
            Path target = mediaDir.resolve(name.file());
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
            book.complete(name.sha256(), name.ext(), size);
            synchronized (lock) {
                complete.put(name.sha256(), new Cached(name, size));
            }
            log.info("Media {} downloaded ({} bytes)", name.file(), size);
            result = target;
        } catch (MediaException e) {
            if (e.reason() == Reason.WRONG_HASH || e.reason() == Reason.WRONG_SIZE) {
                forgetQuietly(name.sha256());
            }
            log.warn("Media {} not downloaded: {}", name.file(), e.getMessage());
            failure = e;
        } catch (IOException e) {
            failure = new MediaException(Reason.INTERRUPTED, "cannot put " + name.file() + " in place: " + e, e);
            log.warn("Media {} not downloaded: {}", name.file(), failure.getMessage());
        } catch (RuntimeException e) {
            log.warn("Media {} not downloaded", name.file(), e);
            failure = e;
        } finally {
            // Out of the in-flight map before the future completes, so a retry made on failure starts anew.
            synchronized (lock) {
                reserved.remove(name.sha256());
                inFlight.remove(name.sha256());
            }
        }
        if (failure != null) {
            done.completeExceptionally(failure);
        } else {
            done.complete(result);
        }
    }

    /** Reserves room for the download, evicting least recently played files that are not kept. */
    private void makeRoom(String sha256, long size) {
        if (size > budgetBytes) {
            throw new MediaException(
                    Reason.NO_ROOM,
                    "a file of " + size + " bytes is larger than the whole cache budget of " + budgetBytes
                            + " bytes (omb.media.cache-max-bytes)");
        }
        // Asked outside the lock: the answer may come from the library, which must not wait on the cache.
        Set<String> kept = keep.sha256s();
        List<MediaBook.Entry> rows = book.entries();
        synchronized (lock) {
            long used = completeBytes()
                    + reserved.values().stream().mapToLong(Long::longValue).sum();
            long needed = used + size - budgetBytes;
            if (needed > 0) {
                List<MediaBook.Entry> candidates = new ArrayList<>();
                for (MediaBook.Entry row : rows) {
                    if (row.complete() && complete.containsKey(row.sha256())) {
                        candidates.add(row);
                    }
                }
                List<MediaBook.Entry> victims = Eviction.victims(candidates, kept, needed);
                if (victims == null) {
                    throw new MediaException(
                            Reason.NO_ROOM,
                            "no room for " + size + " more bytes within the cache budget of " + budgetBytes
                                    + " bytes (omb.media.cache-max-bytes): only kept files (tracks of playlists"
                                    + " linked to a tag) could make room, and nothing was removed");
                }
                for (MediaBook.Entry victim : victims) {
                    evict(complete.get(victim.sha256()));
                }
            }
            reserved.put(sha256, size);
        }
    }

    private void evict(Cached file) {
        try {
            Files.deleteIfExists(mediaDir.resolve(file.name().file()));
        } catch (IOException e) {
            throw new MediaException(
                    Reason.INTERRUPTED, "cannot evict " + file.name().file() + ": " + e, e);
        }
        complete.remove(file.name().sha256());
        book.forget(file.name().sha256());
        log.info("Media {} evicted ({} bytes)", file.name().file(), file.size());
    }

    /**
     * What a previous run left, tidied before any download. Only names of the cache's shape
     * ({@link ContentName}) are looked at, and a complete-looking file only when the book has a row for it,
     * so the tracks' own files are never touched. Then:
     * <ul>
     *   <li>a part is kept only when the book says its download is pending and it is not longer than the
     *       file will be: the next fetch resumes it. Any other part (no pending download, or too long) is
     *       deleted: it can neither be completed nor trusted;
     *   <li>a complete file whose row is complete and of the same size is in the cache;
     *   <li>a complete file whose row is still pending was renamed just before the agent stopped: it is
     *       hashed once and kept if it is right, else deleted;
     *   <li>a complete file of another size than its row is deleted, and rows whose file (or part) is
     *       gone are forgotten.
     * </ul>
     * A file is never complete-named before it was verified (the rename is the last step), so a kill -9 at
     * any moment leaves either a part or a whole file, never a playable half.
     */
    private void tidy() {
        Map<String, MediaBook.Entry> rows = new HashMap<>();
        for (MediaBook.Entry row : book.entries()) {
            rows.put(row.sha256(), row);
        }
        Set<String> parts = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(mediaDir)) {
            for (Path file : files) {
                ContentName.Found found = ContentName.parse(file.getFileName().toString());
                if (found == null || !Files.isRegularFile(file)) {
                    continue;
                }
                MediaBook.Entry row = rows.get(found.name().sha256());
                boolean ours = row != null && row.ext().equals(found.name().ext());
                long size = Files.size(file);
                if (found.part()) {
                    if (ours && !row.complete() && size <= row.size()) {
                        parts.add(row.sha256());
                    } else {
                        log.info("Removing {}: no pending download can finish it", file.getFileName());
                        Files.delete(file);
                    }
                } else if (ours) {
                    tidyComplete(file, row, size);
                }
            }
        } catch (IOException e) {
            throw new MediaException(Reason.INTERRUPTED, "cannot read the media directory " + mediaDir + ": " + e, e);
        }
        for (MediaBook.Entry row : rows.values()) {
            if (!complete.containsKey(row.sha256()) && !parts.contains(row.sha256())) {
                book.forget(row.sha256());
            }
        }
        log.info("Media cache: {} files, {} of {} bytes", complete.size(), completeBytes(), budgetBytes);
    }

    private void tidyComplete(Path file, MediaBook.Entry row, long size) throws IOException {
        ContentName name = new ContentName(row.sha256(), row.ext());
        if (size == row.size() && row.complete()) {
            complete.put(row.sha256(), new Cached(name, size));
        } else if (size == row.size() && Download.sha256Of(file).equals(row.sha256())) {
            book.complete(row.sha256(), row.ext(), size);
            complete.put(row.sha256(), new Cached(name, size));
        } else {
            log.warn("Removing {}: it is not the file the cache verified", file.getFileName());
            Files.delete(file);
        }
    }

    /** The complete file, dropping it from the index when someone removed it from the card. */
    private Optional<Path> completePath(String sha256) {
        Cached cached = complete.get(sha256);
        if (cached == null) {
            return Optional.empty();
        }
        Path file = mediaDir.resolve(cached.name().file());
        if (!Files.isRegularFile(file)) {
            complete.remove(sha256);
            forgetQuietly(sha256);
            return Optional.empty();
        }
        return Optional.of(file);
    }

    private long completeBytes() {
        return complete.values().stream().mapToLong(Cached::size).sum();
    }

    private void forgetQuietly(String sha256) {
        try {
            book.forget(sha256);
        } catch (RuntimeException e) {
            log.warn("Cannot forget media {}: {}", sha256, e.toString());
        }
    }

    /** The rename is only durable once the directory is on the card too. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(mediaDir, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory; the rename still happened.
            log.debug("Cannot force {}: {}", mediaDir, e.toString());
        }
    }

    /**
     * The budget when {@code omb.media.cache-max-bytes} is 0: half of the card holding the media
     * directory. The other half is for the system, the library, uploads in progress and the parent's own
     * tracks, which are never evicted; on a 32 GB card that is still about 16 GB, some 4000 songs.
     */
    public static long defaultBudget(Path mediaDir) {
        try {
            return Files.getFileStore(mediaDir).getTotalSpace() / 2;
        } catch (IOException e) {
            throw new MediaException(Reason.INTERRUPTED, "cannot read the size of the card at " + mediaDir, e);
        }
    }
}
