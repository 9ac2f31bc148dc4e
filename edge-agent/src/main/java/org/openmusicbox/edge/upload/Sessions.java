package org.openmusicbox.edge.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.box.StorageRefusal;
import org.openmusicbox.edge.db.StorageFault;
import org.openmusicbox.protocol.v1.Track;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bookkeeping of upload sessions: opening one within the {@link Uploads.Limits} (one opening
 * at a time), finding them, marking one failed, cancelled or complete, and forgetting the old
 * ones with their chunks. A session is a row in the {@link SessionStore}; its chunks are
 * {@link CardFiles}.
 *
 * <p>Card work on a session runs under {@link #lock} of its id, one at a time per session.
 */
public final class Sessions {

    // The whole upload flow logs as Uploads, as it did before it was split.
    private static final Logger log = LoggerFactory.getLogger(Uploads.class);

    private final SessionStore store;
    private final CardFiles card;
    private final Uploads.Limits limits;
    private final LongSupplier clock;
    private final Object opening = new Object();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public Sessions(SessionStore store, CardFiles card, Uploads.Limits limits, LongSupplier clock) {
        this.store = store;
        this.card = card;
        this.limits = limits;
        this.clock = clock;
    }

    /** Opens a session for a file; nothing is written when the request is refused. */
    UploadSession open(String playlistId, String filename, long fileSize, Integer chunkSize, String fileHash) {
        String name = FileNames.clean(filename);
        long maxFileBytes = limits.maxFileBytes();
        if (fileSize <= 0) {
            throw new BoxError(
                    "payload_too_large",
                    413,
                    "file_size must be more than 0 bytes: an empty file is not a song",
                    Map.of("file_size", fileSize),
                    List.of(new BoxError.FieldProblem("file_size", "empty file")));
        }
        if (fileSize > maxFileBytes) {
            throw new BoxError(
                    "payload_too_large",
                    413,
                    "The file is " + fileSize + " bytes; the box takes files of at most " + maxFileBytes + " bytes",
                    Map.of("file_size", fileSize, "max_file_bytes", maxFileBytes),
                    List.of(new BoxError.FieldProblem("file_size", "too large")));
        }
        int size = chunkSize == null ? Uploads.DEFAULT_CHUNK_BYTES : chunkSize;
        if (size < 1 || size > Uploads.MAX_CHUNK_BYTES) {
            throw BoxError.invalid(List.of(new BoxError.FieldProblem(
                    "chunk_size", "chunk_size must be between 1 and " + Uploads.MAX_CHUNK_BYTES)));
        }
        long chunks = (fileSize + size - 1) / size;
        if (chunks > Uploads.MAX_CHUNKS) {
            throw BoxError.invalid(List.of(new BoxError.FieldProblem(
                    "chunk_size",
                    "chunk_size too small: the file would take " + chunks + " chunks (max " + Uploads.MAX_CHUNKS
                            + ")")));
        }
        Instant now = now();
        UploadSession session = new UploadSession(
                UUID.randomUUID().toString(),
                playlistId,
                name,
                fileSize,
                size,
                (int) chunks,
                new java.util.BitSet(),
                fileHash,
                UploadSession.Status.PENDING,
                null,
                now,
                now,
                null,
                null);
        // One opening at a time: two requests must not both count the same free space.
        synchronized (opening) {
            List<UploadSession> open = store.open();
            if (open.size() >= limits.maxOpenSessions()) {
                throw new BoxError(
                        "too_many_uploads",
                        429,
                        open.size() + " uploads are already open (the box takes "
                                + limits.maxOpenSessions()
                                + " at once): finish or cancel one first; unfinished ones are "
                                + "removed after a day",
                        Map.of("open_sessions", open.size(), "max_open_sessions", limits.maxOpenSessions()),
                        null);
            }
            // Every open session may still need the rest of its chunks and its assembled file.
            long promised = 0;
            for (UploadSession s : open) {
                promised += s.fileSize() - s.receivedBytes() + s.fileSize();
            }
            // Room for this file's chunks and the assembled file, both on the card at once before finalize ends.
            card.requireSpace(promised + 2 * fileSize + limits.spaceMarginBytes(), promised);
            store.create(session);
        }
        log.info(
                "Upload {} opened: {} ({} bytes, {} chunks) for playlist {}",
                session.id(),
                name,
                fileSize,
                chunks,
                playlistId);
        return session;
    }

    /** The session, when it exists and (unless {@code playlistId} is null) belongs to that playlist. */
    UploadSession find(String playlistId, String sessionId) {
        return store.find(sessionId)
                .filter(s -> playlistId == null || s.playlistId().equals(playlistId))
                .orElseThrow(() -> BoxError.notFound("Upload session", sessionId));
    }

    /**
     * Newest first. {@code shown} is one of {@link UploadSession#SHOWN_STATUSES}, null for all; uploading
     * and completed depend on the chunks, not on the stored status alone, so the filter runs here. The
     * table holds only sessions of the last day or so (cleanup), so reading it whole is cheap.
     */
    List<UploadSession> list(String shown, int limit) {
        if (shown == null) {
            return store.list(null, limit);
        }
        return store.list(null, Integer.MAX_VALUE).stream()
                .filter(s -> s.shownStatus().equals(shown))
                .limit(limit)
                .toList();
    }

    void save(UploadSession session) {
        store.save(session);
    }

    /** Adds the track with {@code addTrack} and marks the session complete, in one transaction. */
    Track complete(UploadSession s, Supplier<Track> addTrack) {
        return store.complete(s.id(), now(), addTrack);
    }

    /**
     * Cancels the session and removes its chunks; a finished session stays as it is.
     * {@code ended} is told the id: nothing more is sent for it.
     */
    UploadSession cancel(String sessionId, Consumer<String> ended) {
        synchronized (lock(sessionId)) {
            UploadSession s = find(null, sessionId);
            card.remove(s.id());
            ended.accept(sessionId);
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
    List<Uploads.Cleaned> cleanup(Duration maxAge, Consumer<String> ended) {
        Instant now = now();
        List<Uploads.Cleaned> cleaned = new ArrayList<>();
        for (UploadSession s : store.changedBefore(now.minus(maxAge))) {
            synchronized (lock(s.id())) {
                card.remove(s.id());
                store.delete(s.id());
            }
            locks.remove(s.id());
            ended.accept(s.id());
            double hours = Math.round(Duration.between(s.createdAt(), now).toMinutes() / 6.0) / 10.0;
            cleaned.add(new Uploads.Cleaned(s.id(), s.filename(), s.shownStatus(), hours));
        }
        card.eachFolder(id -> {
            if (store.find(id).isEmpty()) {
                synchronized (lock(id)) {
                    if (store.find(id).isEmpty()) {
                        card.remove(id);
                    }
                }
            }
        });
        if (!cleaned.isEmpty()) {
            log.info("Cleaned {} upload sessions older than {} h", cleaned.size(), maxAge.toHours());
        }
        return cleaned;
    }

    CardFiles card() {
        return card;
    }

    /** Held while the session's chunks or files change. */
    Object lock(String sessionId) {
        return locks.computeIfAbsent(sessionId, k -> new Object());
    }

    /** Marks the session failed with the reason and removes its chunks: they cannot become a track. */
    BoxError refuse(UploadSession s, BoxError reason) {
        fail(s, reason.getMessage());
        log.info("Upload {} refused: {}", s.id(), reason.getMessage());
        return reason;
    }

    void fail(UploadSession s, String message) {
        card.remove(s.id());
        store.save(s.withoutChunks().withStatus(UploadSession.Status.FAILED, message, now()));
    }

    /** What the phone is told when the card failed a write; a full card also ends the session. */
    BoxError storageFailure(UploadSession s, IOException e) {
        if (StorageFault.of(e).orElse(null) == StorageFault.READ_ONLY) {
            // Nothing can be written, the session's state included; it stays as it was.
            return StorageRefusal.of(StorageFault.READ_ONLY);
        }
        if (StorageFault.of(e).orElse(null) == StorageFault.FULL) {
            BoxError full = new BoxError(
                    "insufficient_storage",
                    507,
                    "The box's storage is full: free some space (delete tracks) and send the file again",
                    null,
                    null);
            fail(s, full.getMessage());
            return full;
        }
        throw new UncheckedIOException("upload " + s.id() + ": " + e.getMessage(), e);
    }

    Instant now() {
        return Instant.ofEpochMilli(clock.getAsLong());
    }
}
