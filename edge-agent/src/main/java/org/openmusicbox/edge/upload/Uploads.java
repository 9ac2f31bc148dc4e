package org.openmusicbox.edge.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.UploadProgress;
import org.openmusicbox.protocol.v1.mqtt.SyncChange;

/**
 * Songs sent from a phone in chunks, as the original's API takes them but without its bugs (a second
 * finalize adds no second track; docs/protocol.md).
 *
 * <p>The way in for the routes. A session is kept by {@link Sessions}; its chunks are {@link CardFiles},
 * each written whole or not at all, so an upload cut off by a power cut or a restart resumes where
 * it stopped. {@link Finalize} checks the bytes are audio, has the {@link Assembly} stream the chunks
 * into {@code <media-dir>/<session-id>.<ext>}, asks {@link SongFacts} its length and tags, and adds
 * the track; {@link UploadEvents} tells the phones.
 *
 * <p>Threads: chunk writes and the assembly are card I/O and run on the caller's (worker) thread,
 * one at a time per session; only {@link #commit} (the library write and its events) runs on the
 * box thread, and progress events are handed to it.
 */
public final class Uploads {

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
    public record Prepared(UploadSession session, Library.NewTrack track, Map<String, Object> metadata) {}

    /** The answer to a chunk: the session after it, and whether this chunk changed anything. */
    public record ChunkStored(UploadSession.View session, int chunkIndex, double progress, boolean duplicate) {}

    public record Finalized(Track track, Map<String, Object> metadata, UploadSession.View session) {}

    public record Cleaned(String sessionId, String filename, String status, double ageHours) {}

    /** Optional fields a parent sets on finalize instead of the file's own tags. */
    public record Override(String title, String artist, String album) {
        public static final Override NONE = new Override(null, null, null);
    }

    private final Sessions sessions;
    private final CardFiles card;
    private final Library library;
    private final UploadEvents events;
    private final Finalize finalize;

    /** @param cardWork runs card I/O that nobody waits for (removing finished chunks) off the box thread */
    public Uploads(Sessions sessions, Library library, SongFacts facts, UploadEvents events, Executor cardWork) {
        this.sessions = sessions;
        this.card = sessions.card();
        this.library = library;
        this.events = events;
        this.finalize = new Finalize(sessions, library, facts, events, cardWork);
    }

    // ---- sessions

    /** Opens a session for a file; nothing is written when the request is refused. */
    public UploadSession create(String playlistId, String filename, long fileSize, Integer chunkSize, String fileHash) {
        int tracks = library.playlist(playlistId)
                .orElseThrow(() -> BoxError.notFound("Playlist", playlistId))
                .tracks()
                .size();
        if (tracks >= SyncChange.MAX_ORDER) {
            // Refused before a byte is sent rather than after the whole file.
            throw BoxError.conflict(
                    "This playlist is full: a playlist holds at most " + SyncChange.MAX_ORDER + " tracks.");
        }
        return sessions.open(playlistId, filename, fileSize, chunkSize, fileHash);
    }

    public UploadSession session(String playlistId, String sessionId) {
        return sessions.find(playlistId, sessionId);
    }

    /** Newest first; {@code shown} is one of {@link UploadSession#SHOWN_STATUSES}, null for all. */
    public List<UploadSession> list(String shown, int limit) {
        return sessions.list(shown, limit);
    }

    // ---- chunks

    /**
     * Stores chunk {@code index}. The same bytes again change nothing; other bytes for a chunk
     * already stored are a conflict. Runs on a worker thread, never the box thread.
     */
    public ChunkStored receiveChunk(
            String playlistId, String sessionId, int index, byte[] bytes, int offset, int length) {
        synchronized (sessions.lock(sessionId)) {
            UploadSession s = session(playlistId, sessionId);
            if (!s.status().open()) {
                throw BoxError.conflict(
                        "Upload session " + sessionId + " is " + s.describe() + "; it takes no more chunks");
            }
            if (index < 0 || index >= s.totalChunks()) {
                throw BoxError.invalid(List.of(new BoxError.FieldProblem(
                        "chunk_index", "chunk index " + index + " is out of range 0.." + (s.totalChunks() - 1))));
            }
            int expected = s.chunkLength(index);
            if (length > s.chunkSize()) {
                throw BoxError.invalid(List.of(new BoxError.FieldProblem(
                        "file",
                        "chunk " + index + " is " + length + " bytes, larger than the session's chunk size "
                                + s.chunkSize())));
            }
            if (length > expected) {
                throw BoxError.invalid(List.of(new BoxError.FieldProblem(
                        "file",
                        "chunk " + index + " is " + length + " bytes and would go beyond file_size " + s.fileSize()
                                + " (it must be " + expected + ")")));
            }
            if (length < expected) {
                throw BoxError.invalid(List.of(new BoxError.FieldProblem(
                        "file", "chunk " + index + " must be " + expected + " bytes, not " + length)));
            }
            Path file = card.chunk(sessionId, index);
            if (s.has(index) && Files.exists(file)) {
                if (CardFiles.sameBytes(file, bytes, offset, length)) {
                    return new ChunkStored(s.view(), index, s.progress(), true);
                }
                throw BoxError.conflict("Chunk " + index + " was already received with other bytes");
            }
            try {
                card.writeChunk(file, bytes, offset, length);
            } catch (IOException e) {
                throw sessions.storageFailure(s, e);
            } catch (BoxError e) {
                if (e.status() == 507) {
                    sessions.fail(s, e.getMessage());
                }
                throw e;
            }
            UploadSession after = s.withChunk(index, sessions.now());
            sessions.save(after);
            events.chunkStored(new UploadProgress(
                    s.playlistId(), s.id(), index, after.progress(), after.allReceived(), s.filename()));
            return new ChunkStored(after.view(), index, after.progress(), false);
        }
    }

    // ---- finalize

    /**
     * The card work of finalize, on a worker thread: checks every chunk is there and the bytes are
     * audio, assembles the file, reads its length and tags. Without a track when the session was
     * finalized already (then {@link #commit} answers with its track). A refusal removes what
     * cannot be used and announces {@code upload:error}.
     */
    public Prepared prepare(String playlistId, String sessionId, String fileHash, Override override) {
        return finalize.prepare(playlistId, sessionId, fileHash, override);
    }

    /**
     * Adds the prepared track, on the box thread: the library write, the session's completion (one
     * transaction) and the events. A session already finalized answers with its track again.
     */
    public Finalized commit(Prepared prepared) {
        return finalize.commit(prepared);
    }

    // ---- ending sessions

    /** Cancels the session and removes its chunks; a finished session stays as it is. */
    public UploadSession cancel(String sessionId) {
        return sessions.cancel(sessionId, events::ended);
    }

    /**
     * Removes sessions not touched for {@code maxAge} with their chunks, and chunk folders no
     * session owns (left by a crash between creating a folder and a row that then vanished).
     */
    public List<Cleaned> cleanup(Duration maxAge) {
        return sessions.cleanup(maxAge, events::ended);
    }

    Path chunkFile(String sessionId, int index) {
        return card.chunk(sessionId, index);
    }
}
