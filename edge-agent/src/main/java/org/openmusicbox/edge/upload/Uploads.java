package org.openmusicbox.edge.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.box.Broadcaster;
import org.openmusicbox.edge.box.ClientText;
import org.openmusicbox.edge.box.Inbox;
import org.openmusicbox.edge.box.StorageFault;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.player.AudioException;
import org.openmusicbox.edge.player.DecodedTrack;
import org.openmusicbox.edge.player.Decoder;
import org.openmusicbox.protocol.json.EncodedJson;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.PlaylistUpdated;
import org.openmusicbox.protocol.v1.Rooms;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.TrackAdded;
import org.openmusicbox.protocol.v1.UploadComplete;
import org.openmusicbox.protocol.v1.UploadError;
import org.openmusicbox.protocol.v1.UploadProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Songs sent from a phone in chunks (original-system.md §4.1 P11-P14, §4.4 U1-U3, without bug B9).
 *
 * <p>A session is a row in the {@link SessionStore}; its chunks are files in
 * {@code <data-dir>/uploads/<session-id>/chunk-<n>}, each written whole or not at all, so an upload
 * cut off by a power cut or a restart resumes where it stopped. Finalize checks the bytes are
 * audio, streams the chunks into {@code <media-dir>/<session-id>.<ext>}, reads its length and
 * tags, and adds the track.
 *
 * <p>Threads: chunk writes and the assembly are card I/O and run on the caller's (worker) thread,
 * one at a time per session; only {@link #commit} (the library write and its events) runs on the
 * box thread, and progress events are handed to it.
 */
public final class Uploads {

    private static final Logger log = LoggerFactory.getLogger(Uploads.class);

    public static final int DEFAULT_CHUNK_BYTES = 1024 * 1024;
    public static final int MAX_CHUNK_BYTES = 1024 * 1024;
    public static final int MAX_CHUNKS = 10_000;
    public static final long DEFAULT_MAX_FILE_BYTES = 200L * 1024 * 1024;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);
    public static final String UPLOADS_DIRECTORY = "uploads";
    /** A parent sends an album one file after another; a hundred open at once is a script, not a parent. */
    public static final int DEFAULT_MAX_OPEN_SESSIONS = 100;
    /** Left free after every declared upload, so that the library and resume points can still be written. */
    public static final long DEFAULT_SPACE_MARGIN_BYTES = 50L * 1024 * 1024;

    /**
     * How much uploading the box lets itself be asked for: the largest file, how many sessions may be
     * open at once, and how much room every open session's declared size must leave on the card.
     */
    public record Limits(long maxFileBytes, int maxOpenSessions, long spaceMarginBytes) {
        public Limits {
            if (maxFileBytes < 1) {
                throw new IllegalArgumentException("omb.uploads.max-file-bytes must be at least 1");
            }
            if (maxOpenSessions < 1) {
                throw new IllegalArgumentException("omb.uploads.max-open-sessions must be at least 1");
            }
            if (spaceMarginBytes < 0) {
                throw new IllegalArgumentException("omb.uploads.space-margin-bytes must be at least 0");
            }
        }

        public static Limits of(long maxFileBytes) {
            return new Limits(maxFileBytes, DEFAULT_MAX_OPEN_SESSIONS, DEFAULT_SPACE_MARGIN_BYTES);
        }
    }

    /** What finalize found out about the file, before the track is added. */
    public record Prepared(UploadSession session, Library.NewTrack track, Map<String, Object> metadata) {
    }

    /** The answer to a chunk: the session after it, and whether this chunk changed anything. */
    public record ChunkStored(UploadSession.View session, int chunkIndex, double progress, boolean duplicate) {
    }

    public record Finalized(Track track, Map<String, Object> metadata, UploadSession.View session) {
    }

    public record Cleaned(String sessionId, String filename, String status, double ageHours) {
    }

    /** Optional fields a parent sets on finalize instead of the file's own tags. */
    public record Override(String title, String artist, String album) {
        public static final Override NONE = new Override(null, null, null);
    }

    private final SessionStore store;
    private final Library library;
    private final Decoder decoder;
    private final Tags tags;
    private final Broadcaster broadcaster;
    private final Inbox inbox;
    private final JsonCodec codec;
    private final Consumer<String> playlistChanged;
    private final Disk disk;
    private final long maxFileBytes;
    private final Limits limits;
    private final Object opening = new Object();
    private final LongSupplier clock;
    private final Path uploadsDir;
    private final ProgressEvents progress;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * @param playlistChanged told the id of a playlist that got a track (the player)
     * @param maxFileBytes the largest file accepted ({@code omb.uploads.max-file-bytes})
     */
    public Uploads(SessionStore store, Library library, Decoder decoder, Tags tags, Broadcaster broadcaster,
                   Inbox inbox, JsonCodec codec, Consumer<String> playlistChanged, Path dataDir, long maxFileBytes,
                   LongSupplier clock) {
        this(store, library, decoder, tags, broadcaster, inbox, codec, playlistChanged, dataDir, Limits.of(maxFileBytes),
                clock, new LocalDisk());
    }

    public Uploads(SessionStore store, Library library, Decoder decoder, Tags tags, Broadcaster broadcaster,
                   Inbox inbox, JsonCodec codec, Consumer<String> playlistChanged, Path dataDir, Limits limits,
                   LongSupplier clock) {
        this(store, library, decoder, tags, broadcaster, inbox, codec, playlistChanged, dataDir, limits, clock,
                new LocalDisk());
    }

    Uploads(SessionStore store, Library library, Decoder decoder, Tags tags, Broadcaster broadcaster, Inbox inbox,
            JsonCodec codec, Consumer<String> playlistChanged, Path dataDir, long maxFileBytes, LongSupplier clock,
            Disk disk) {
        this(store, library, decoder, tags, broadcaster, inbox, codec, playlistChanged, dataDir, Limits.of(maxFileBytes),
                clock, disk);
    }

    Uploads(SessionStore store, Library library, Decoder decoder, Tags tags, Broadcaster broadcaster, Inbox inbox,
            JsonCodec codec, Consumer<String> playlistChanged, Path dataDir, Limits limits, LongSupplier clock,
            Disk disk) {
        long maxFileBytes = limits.maxFileBytes();
        this.limits = limits;
        this.store = store;
        this.library = library;
        this.decoder = decoder;
        this.tags = tags;
        this.broadcaster = broadcaster;
        this.inbox = inbox;
        this.codec = codec;
        this.playlistChanged = playlistChanged;
        this.maxFileBytes = maxFileBytes;
        this.clock = clock;
        this.disk = disk;
        this.uploadsDir = dataDir.toAbsolutePath().normalize().resolve(UPLOADS_DIRECTORY);
        this.progress = new ProgressEvents(inbox, p -> toRoom(p.playlistId(), Events.UPLOAD_PROGRESS, p),
                System::nanoTime);
        try {
            Files.createDirectories(uploadsDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + uploadsDir, e);
        }
    }

    // ---- sessions

    /** Opens a session for a file; nothing is written when the request is refused. */
    public UploadSession create(String playlistId, String filename, long fileSize, Integer chunkSize, String fileHash) {
        if (library.playlist(playlistId).isEmpty()) {
            throw BoxError.notFound("Playlist", playlistId);
        }
        String name = FileNames.clean(filename);
        if (fileSize <= 0) {
            throw new BoxError("payload_too_large", 413, "file_size must be more than 0 bytes: an empty file is not a song",
                    Map.of("file_size", fileSize), List.of(new BoxError.FieldProblem("file_size", "empty file")));
        }
        if (fileSize > maxFileBytes) {
            throw new BoxError("payload_too_large", 413, "The file is " + fileSize + " bytes; the box takes files of at most "
                    + maxFileBytes + " bytes", Map.of("file_size", fileSize, "max_file_bytes", maxFileBytes),
                    List.of(new BoxError.FieldProblem("file_size", "too large")));
        }
        int size = chunkSize == null ? DEFAULT_CHUNK_BYTES : chunkSize;
        if (size < 1 || size > MAX_CHUNK_BYTES) {
            throw BoxError.invalid(List.of(new BoxError.FieldProblem("chunk_size",
                    "chunk_size must be between 1 and " + MAX_CHUNK_BYTES)));
        }
        long chunks = (fileSize + size - 1) / size;
        if (chunks > MAX_CHUNKS) {
            throw BoxError.invalid(List.of(new BoxError.FieldProblem("chunk_size",
                    "chunk_size too small: the file would take " + chunks + " chunks (max " + MAX_CHUNKS + ")")));
        }
        Instant now = now();
        UploadSession session = new UploadSession(UUID.randomUUID().toString(), playlistId, name, fileSize, size,
                (int) chunks, new java.util.BitSet(), fileHash, UploadSession.Status.PENDING, null, now, now, null, null);
        // One opening at a time: two requests must not both count the same free space.
        synchronized (opening) {
            List<UploadSession> open = store.open();
            if (open.size() >= limits.maxOpenSessions()) {
                throw new BoxError("too_many_uploads", 429, open.size() + " uploads are already open (the box takes "
                        + limits.maxOpenSessions() + " at once): finish or cancel one first; unfinished ones are "
                        + "removed after a day", Map.of("open_sessions", open.size(),
                        "max_open_sessions", limits.maxOpenSessions()), null);
            }
            // Every open session may still need the rest of its chunks and its assembled file.
            long promised = 0;
            for (UploadSession s : open) {
                promised += s.fileSize() - s.receivedBytes() + s.fileSize();
            }
            // Room for this file's chunks and the assembled file, both on the card at once before finalize ends.
            requireSpace(promised + 2 * fileSize + limits.spaceMarginBytes(), promised);
            store.create(session);
        }
        log.info("Upload {} opened: {} ({} bytes, {} chunks) for playlist {}", session.id(), name, fileSize, chunks,
                playlistId);
        return session;
    }

    public UploadSession session(String playlistId, String sessionId) {
        return store.find(sessionId).filter(s -> playlistId == null || s.playlistId().equals(playlistId))
                .orElseThrow(() -> BoxError.notFound("Upload session", sessionId));
    }

    /**
     * Newest first. {@code shown} is one of {@link UploadSession#SHOWN_STATUSES}, null for all; uploading
     * and completed depend on the chunks, not on the stored status alone, so the filter runs here. The
     * table holds only sessions of the last day or so (cleanup), so reading it whole is cheap.
     */
    public List<UploadSession> list(String shown, int limit) {
        if (shown == null) {
            return store.list(null, limit);
        }
        return store.list(null, Integer.MAX_VALUE).stream()
                .filter(s -> s.shownStatus().equals(shown))
                .limit(limit)
                .toList();
    }

    // ---- chunks

    /**
     * Stores chunk {@code index}. The same bytes again change nothing; other bytes for a chunk
     * already stored are a conflict. Runs on a worker thread, never the box thread.
     */
    public ChunkStored receiveChunk(String playlistId, String sessionId, int index, byte[] bytes, int offset,
                                    int length) {
        synchronized (lock(sessionId)) {
            UploadSession s = session(playlistId, sessionId);
            if (!s.status().open()) {
                throw BoxError.conflict("Upload session " + sessionId + " is " + s.describe()
                        + "; it takes no more chunks");
            }
            if (index < 0 || index >= s.totalChunks()) {
                throw BoxError.invalid(List.of(new BoxError.FieldProblem("chunk_index",
                        "chunk index " + index + " is out of range 0.." + (s.totalChunks() - 1))));
            }
            int expected = s.chunkLength(index);
            if (length > s.chunkSize()) {
                throw BoxError.invalid(List.of(new BoxError.FieldProblem("file", "chunk " + index + " is " + length
                        + " bytes, larger than the session's chunk size " + s.chunkSize())));
            }
            if (length > expected) {
                throw BoxError.invalid(List.of(new BoxError.FieldProblem("file", "chunk " + index + " is " + length
                        + " bytes and would go beyond file_size " + s.fileSize() + " (it must be " + expected + ")")));
            }
            if (length < expected) {
                throw BoxError.invalid(List.of(new BoxError.FieldProblem("file", "chunk " + index + " must be "
                        + expected + " bytes, not " + length)));
            }
            Path file = chunkFile(sessionId, index);
            if (s.has(index) && Files.exists(file)) {
                if (sameBytes(file, bytes, offset, length)) {
                    return new ChunkStored(s.view(), index, s.progress(), true);
                }
                throw BoxError.conflict("Chunk " + index + " was already received with other bytes");
            }
            try {
                Files.createDirectories(file.getParent());
                requireSpace(length);
                disk.write(file, bytes, offset, length);
            } catch (IOException e) {
                throw storageFailure(s, e);
            } catch (BoxError e) {
                if (e.status() == 507) {
                    removeData(s);
                    store.save(s.withoutChunks().withStatus(UploadSession.Status.FAILED, e.getMessage(), now()));
                }
                throw e;
            }
            UploadSession after = s.withChunk(index, now());
            store.save(after);
            UploadProgress event = new UploadProgress(s.playlistId(), s.id(), index, after.progress(),
                    after.allReceived(), s.filename());
            inbox.post(Inbox.Lane.PARENT, () -> progress.chunkStored(event));
            return new ChunkStored(after.view(), index, after.progress(), false);
        }
    }

    // ---- finalize

    /**
     * The card work of finalize, on a worker thread: checks every chunk is there and the bytes are
     * audio, assembles the file, reads its length and tags. Empty when the session was finalized
     * already (then {@link #commit} answers with its track). A refusal removes what cannot be
     * used and announces {@code upload:error}.
     */
    public Prepared prepare(String playlistId, String sessionId, String fileHash, Override override) {
        if (override != null) {
            ClientText.require("metadata_override.title", override.title(), false);
            ClientText.require("metadata_override.artist", override.artist(), false);
            ClientText.require("metadata_override.album", override.album(), false);
        }
        try {
            return prepareLocked(playlistId, sessionId, fileHash, override == null ? Override.NONE : override);
        } catch (BoxError e) {
            announceFailure(playlistId, sessionId, e.getMessage());
            throw e;
        }
    }

    private Prepared prepareLocked(String playlistId, String sessionId, String fileHash, Override override) {
        synchronized (lock(sessionId)) {
            UploadSession s = session(playlistId, sessionId);
            if (s.trackId() != null) {
                return new Prepared(s, null, null);
            }
            if (!s.status().open()) {
                throw BoxError.conflict("Upload session " + sessionId + " is " + s.describe()
                        + (s.errorMessage() == null ? "" : ": " + s.errorMessage()));
            }
            List<Integer> missing = s.missingChunks();
            if (!missing.isEmpty()) {
                throw new BoxError("conflict", 409, "Upload not complete: missing chunks " + shortList(missing),
                        Map.of("missing_chunks", missing), null);
            }
            String extension = FileNames.extension(s.filename());
            byte[] head = new byte[AudioContent.HEAD];
            int read = readHead(chunkFile(sessionId, 0), head);
            if (!AudioContent.looksLike(extension, head, read)) {
                throw refuse(s, new BoxError("unsupported_media_type", 415, "The file is not " + extension.toUpperCase(Locale.ROOT)
                        + " audio (its bytes say otherwise); the upload was discarded", null, null));
            }
            Path target = library.mediaDir().resolve(sessionId + "." + extension);
            List<Path> parts = new ArrayList<>();
            for (int i = 0; i < s.totalChunks(); i++) {
                parts.add(chunkFile(sessionId, i));
            }
            try {
                requireSpace(s.fileSize());
                disk.join(parts, target);
                long size = Files.size(target);
                if (size != s.fileSize()) {
                    throw new IOException("assembled " + size + " bytes, expected " + s.fileSize());
                }
            } catch (IOException e) {
                deleteQuietly(target);
                throw storageFailure(s, e);
            } catch (BoxError e) {
                deleteQuietly(target);
                throw e.status() == 507 ? refuse(s, e) : e;
            }
            String hash = fileHash != null ? fileHash : s.fileHash();
            if (hash != null && isSha256(hash) && !hash.toLowerCase(Locale.ROOT).endsWith(sha256(target))) {
                deleteQuietly(target);
                throw refuse(s, BoxError.invalid(List.of(new BoxError.FieldProblem("file_hash",
                        "The assembled file's SHA-256 does not match file_hash; the upload was discarded"))));
            }
            long durationMs;
            try (DecodedTrack decoded = decoder.open(target, 0)) {
                durationMs = decoded.durationMs();
            } catch (AudioException e) {
                deleteQuietly(target);
                throw refuse(s, new BoxError("unsupported_media_type", 415, "The file cannot be played ("
                        + e.getMessage() + "); the upload was discarded", null, null));
            }
            Tags.FileTags found = tags.read(target);
            boolean cover = false;
            if (found.cover() != null) {
                try {
                    disk.write(library.mediaDir().resolve(sessionId + ".cover." + found.cover().extension()),
                            found.cover().bytes(), 0, found.cover().bytes().length);
                    cover = true;
                } catch (IOException e) {
                    log.warn("Cover of upload {} not kept: {}", sessionId, e.toString());
                }
            }
            String title = firstOf(override.title(), found.title(), FileNames.stem(s.filename()));
            String artist = firstOf(override.artist(), found.artist(), null);
            String album = firstOf(override.album(), found.album(), null);
            Library.NewTrack track = new Library.NewTrack(title, s.filename(), target.toString(), durationMs, artist,
                    album, s.fileSize());
            return new Prepared(s, track, metadata(title, artist, album, durationMs, s.fileSize(), extension, cover));
        }
    }

    /**
     * Adds the prepared track, on the box thread: the library write, the session's completion (one
     * transaction) and the events. A session already finalized answers with its track again.
     */
    public Finalized commit(Prepared prepared) {
        UploadSession s = session(prepared.session().playlistId(), prepared.session().id());
        String playlistId = s.playlistId();
        if (s.trackId() != null) {
            Track track = library.playlist(playlistId).flatMap(p -> p.tracks().stream()
                    .filter(t -> t.id().equals(s.trackId())).findFirst()).orElse(null);
            Map<String, Object> metadata = track == null ? null : metadata(track.title(), track.artist(),
                    track.album(), track.durationMs(), track.fileSize(), FileNames.extension(s.filename()),
                    hasCover(s.id()));
            return new Finalized(track, metadata, s.view());
        }
        if (prepared.track() == null || !s.status().open()) {
            throw BoxError.conflict("Upload session " + s.id() + " is " + s.describe());
        }
        Track track;
        try {
            track = store.complete(s.id(), now(), () -> library.addTrack(playlistId, prepared.track())
                    .orElseThrow(() -> BoxError.notFound("Playlist", playlistId)));
        } catch (BoxError e) {
            toRoom(playlistId, Events.UPLOAD_ERROR, new UploadError(playlistId, s.id(), e.getMessage()));
            throw e;
        }
        UploadSession done = session(playlistId, s.id());
        progress.forget(s.id());
        toRoom(playlistId, Events.UPLOAD_COMPLETE, new UploadComplete(playlistId, s.id(), s.filename(),
                prepared.metadata(), track));
        broadcaster.toPlaylist(playlistId, Events.STATE_TRACK_ADDED, new TrackAdded(playlistId, track));
        Optional<Playlist> playlist = library.playlist(playlistId);
        playlist.ifPresent(p -> broadcaster.toPlaylists(Events.STATE_PLAYLIST_UPDATED,
                new PlaylistUpdated(p.id(), p, Map.of("track_count", p.trackCount()), "add_track")));
        playlistChanged.accept(playlistId);
        log.info("Upload {} finalized: track {} '{}' ({} ms) in playlist {}", s.id(), track.trackNumber(),
                track.title(), track.durationMs(), playlistId);
        // The chunks are not needed any more; removing them is card I/O, so not on this thread.
        reactor.core.scheduler.Schedulers.boundedElastic().schedule(() -> {
            synchronized (lock(s.id())) {
                removeData(s);
            }
        });
        return new Finalized(track, prepared.metadata(), done.view());
    }

    // ---- ending sessions

    /** Cancels the session and removes its chunks; a finished session stays as it is. */
    public UploadSession cancel(String sessionId) {
        synchronized (lock(sessionId)) {
            UploadSession s = session(null, sessionId);
            removeData(s);
            inbox.post(Inbox.Lane.PARENT, () -> progress.forget(sessionId));
            if (s.status() == UploadSession.Status.COMPLETE || s.status() == UploadSession.Status.CANCELLED) {
                return s;
            }
            UploadSession cancelled = s.withoutChunks().withStatus(UploadSession.Status.CANCELLED, null, now());
            store.save(cancelled);
            log.info("Upload {} cancelled", sessionId);
            return cancelled;
        }
    }

    /**
     * Removes sessions not touched for {@code maxAge} with their chunks, and chunk folders no
     * session owns (left by a crash between creating a folder and a row that then vanished).
     */
    public List<Cleaned> cleanup(Duration maxAge) {
        Instant now = now();
        List<Cleaned> cleaned = new ArrayList<>();
        for (UploadSession s : store.changedBefore(now.minus(maxAge))) {
            synchronized (lock(s.id())) {
                removeData(s);
                store.delete(s.id());
            }
            locks.remove(s.id());
            inbox.post(Inbox.Lane.PARENT, () -> progress.forget(s.id()));
            double hours = Math.round(Duration.between(s.createdAt(), now).toMinutes() / 6.0) / 10.0;
            cleaned.add(new Cleaned(s.id(), s.filename(), s.shownStatus(), hours));
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(uploadsDir)) {
            for (Path dir : dirs) {
                String id = dir.getFileName().toString();
                if (store.find(id).isEmpty()) {
                    synchronized (lock(id)) {
                        if (store.find(id).isEmpty()) {
                            deleteTree(dir);
                        }
                    }
                }
            }
        } catch (IOException e) {
            log.warn("Cannot list {}: {}", uploadsDir, e.toString());
        }
        if (!cleaned.isEmpty()) {
            log.info("Cleaned {} upload sessions older than {} h", cleaned.size(), maxAge.toHours());
        }
        return cleaned;
    }

    // ---- helpers

    private BoxError storageFailure(UploadSession s, IOException e) {
        if (StorageFault.of(e).orElse(null) == StorageFault.READ_ONLY) {
            // Nothing can be written, the session's state included; it stays as it was.
            return StorageFault.READ_ONLY.refusal();
        }
        if (isDiskFull(e)) {
            BoxError full = diskFull();
            removeData(s);
            store.save(s.withoutChunks().withStatus(UploadSession.Status.FAILED, full.getMessage(), now()));
            return full;
        }
        throw new UncheckedIOException("upload " + s.id() + ": " + e.getMessage(), e);
    }

    /** Marks the session failed with the reason and removes its chunks: they cannot become a track. */
    private BoxError refuse(UploadSession s, BoxError reason) {
        removeData(s);
        store.save(s.withoutChunks().withStatus(UploadSession.Status.FAILED, reason.getMessage(), now()));
        log.info("Upload {} refused: {}", s.id(), reason.getMessage());
        return reason;
    }

    private static boolean isDiskFull(IOException e) {
        return StorageFault.of(e).orElse(null) == StorageFault.FULL;
    }

    private static BoxError diskFull() {
        return new BoxError("insufficient_storage", 507,
                "The box's storage is full: free some space (delete tracks) and send the file again", null, null);
    }

    private void requireSpace(long bytes) {
        requireSpace(bytes, 0);
    }

    /** @param promised how much of {@code bytes} other open uploads have declared */
    private void requireSpace(long bytes, long promised) {
        long usable;
        try {
            usable = disk.usableSpace(uploadsDir);
        } catch (IOException e) {
            return; // cannot tell; the write itself will say
        }
        if (usable < bytes) {
            throw new BoxError("insufficient_storage", 507, "The box's storage is full: " + bytes
                    + " bytes are needed" + (promised > 0 ? " (" + promised + " of them for uploads already open)" : "")
                    + " and " + usable + " are free", Map.of("needed_bytes", bytes, "free_bytes", usable,
                    "open_uploads_bytes", promised), null);
        }
    }

    private void announceFailure(String playlistId, String sessionId, String message) {
        inbox.post(Inbox.Lane.PARENT, () -> {
            progress.forget(sessionId);
            toRoom(playlistId, Events.UPLOAD_ERROR, new UploadError(playlistId, sessionId, message));
        });
    }

    /** {@code upload:*} events are plain payloads, not numbered state. Box thread only. */
    private void toRoom(String playlistId, String event, Object payload) {
        broadcaster.fanout().toRoom(Rooms.playlist(playlistId), event, new EncodedJson(codec.toJson(payload)));
    }

    private Object lock(String sessionId) {
        return locks.computeIfAbsent(sessionId, k -> new Object());
    }

    Path chunkFile(String sessionId, int index) {
        return uploadsDir.resolve(sessionId).resolve("chunk-" + index);
    }

    private void removeData(UploadSession s) {
        deleteTree(uploadsDir.resolve(s.id()));
    }

    private boolean hasCover(String sessionId) {
        return Files.exists(library.mediaDir().resolve(sessionId + ".cover.jpg"))
                || Files.exists(library.mediaDir().resolve(sessionId + ".cover.png"));
    }

    private static Map<String, Object> metadata(String title, String artist, String album, long durationMs,
                                                long fileSize, String extension, boolean cover) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("artist", artist);
        m.put("album", album);
        m.put("duration_ms", durationMs);
        m.put("file_size", fileSize);
        m.put("format", extension);
        m.put("has_cover_art", cover);
        return m;
    }

    private static String firstOf(String a, String b, String c) {
        if (a != null && !a.isBlank()) {
            return a.strip();
        }
        if (b != null && !b.isBlank()) {
            return b.strip();
        }
        return c;
    }

    private static String shortList(List<Integer> missing) {
        return missing.size() <= 20 ? missing.toString()
                : missing.subList(0, 20).toString().replace("]", ", … (" + missing.size() + " in all)]");
    }

    private static int readHead(Path file, byte[] head) {
        try (InputStream in = Files.newInputStream(file)) {
            return Math.max(0, in.readNBytes(head, 0, head.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean sameBytes(Path file, byte[] bytes, int offset, int length) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int position = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (position + n > length
                        || !java.util.Arrays.equals(buffer, 0, n, bytes, offset + position, offset + position + n)) {
                    return false;
                }
                position += n;
            }
            return position == length;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isSha256(String hash) {
        String h = hash.toLowerCase(Locale.ROOT);
        if (h.startsWith("sha256:")) {
            h = h.substring(7);
        }
        return h.matches("[0-9a-f]{64}");
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", file, e.toString());
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                deleteQuietly(f);
            }
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            log.warn("Cannot empty {}: {}", dir, e.toString());
        }
        deleteQuietly(dir);
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.getAsLong());
    }
}
