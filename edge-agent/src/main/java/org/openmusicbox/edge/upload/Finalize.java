package org.openmusicbox.edge.upload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.box.ClientText;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.protocol.v1.Track;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finalize: a session whose chunks are all in becomes a track. {@link #prepare} is the card work, on
 * a worker thread: it checks the bytes are audio, has the {@link Assembly} join the chunks, checks the
 * hash, and asks {@link SongFacts} what the file is. {@link #commit} adds the track on the box thread.
 */
final class Finalize {

    private final Executor cardWork;

    // The whole upload flow logs as Uploads, as it did before it was split.
    private static final Logger log = LoggerFactory.getLogger(Uploads.class);

    private final Sessions sessions;
    private final CardFiles card;
    private final Library library;
    private final SongFacts facts;
    private final UploadEvents events;
    private final Assembly assembly;

    /** @param cardWork runs card I/O that nobody waits for (removing finished chunks) off the box thread */
    Finalize(Sessions sessions, Library library, SongFacts facts, UploadEvents events, Executor cardWork) {
        this.cardWork = cardWork;
        this.sessions = sessions;
        this.card = sessions.card();
        this.library = library;
        this.facts = facts;
        this.events = events;
        this.assembly = new Assembly(card, library.mediaDir());
    }

    /**
     * Checks every chunk is there and the bytes are audio, assembles the file, reads its length and
     * tags. Without a track when the session was finalized already (then {@link #commit}
     * answers with its track). A refusal removes what cannot be used and announces {@code upload:error}.
     */
    Uploads.Prepared prepare(String playlistId, String sessionId, String fileHash, Uploads.Override override) {
        if (override != null) {
            ClientText.require("metadata_override.title", override.title(), false);
            ClientText.require("metadata_override.artist", override.artist(), false);
            ClientText.require("metadata_override.album", override.album(), false);
        }
        try {
            return prepareLocked(playlistId, sessionId, fileHash, override == null ? Uploads.Override.NONE : override);
        } catch (BoxError e) {
            events.failed(playlistId, sessionId, e.getMessage());
            throw e;
        }
    }

    private Uploads.Prepared prepareLocked(
            String playlistId, String sessionId, String fileHash, Uploads.Override override) {
        synchronized (sessions.lock(sessionId)) {
            UploadSession s = sessions.find(playlistId, sessionId);
            if (s.trackId() != null) {
                return new Uploads.Prepared(s, null, null);
            }
            if (!s.status().open()) {
                throw BoxError.conflict("Upload session " + sessionId + " is " + s.describe()
                        + (s.errorMessage() == null ? "" : ": " + s.errorMessage()));
            }
            List<Integer> missing = s.missingChunks();
            if (!missing.isEmpty()) {
                throw new BoxError(
                        "conflict",
                        409,
                        "Upload not complete: missing chunks " + shortList(missing),
                        Map.of("missing_chunks", missing),
                        null);
            }
            String extension = FileNames.extension(s.filename());
            if (!facts.looksLikeAudio(extension, card.chunk(sessionId, 0))) {
                throw sessions.refuse(s, SongFacts.notAudio(extension));
            }
            Path target;
            try {
                target = assembly.assemble(s, extension);
            } catch (IOException e) {
                throw sessions.storageFailure(s, e);
            } catch (BoxError e) {
                throw e.status() == 507 ? sessions.refuse(s, e) : e;
            }
            // Hashed once: checked against the client's claim, and the file's content address in the cloud's store.
            String sha256;
            try {
                sha256 = FileHash.sha256(target);
            } catch (java.io.UncheckedIOException e) {
                CardFiles.deleteQuietly(target);
                throw sessions.storageFailure(s, e.getCause());
            }
            if (!FileHash.matchesHash(fileHash != null ? fileHash : s.fileHash(), sha256)) {
                CardFiles.deleteQuietly(target);
                throw sessions.refuse(
                        s,
                        BoxError.invalid(List.of(new BoxError.FieldProblem(
                                "file_hash",
                                "The assembled file's SHA-256 does not match file_hash; the upload was discarded"))));
            }
            long durationMs;
            try {
                durationMs = facts.playingTimeMs(target);
            } catch (BoxError e) {
                CardFiles.deleteQuietly(target);
                throw sessions.refuse(s, e);
            }
            Tags.FileTags found = facts.tags(target);
            boolean cover = false;
            if (found.cover() != null) {
                try {
                    card.writeWhole(
                            SongFacts.cover(
                                    library.mediaDir(), sessionId, found.cover().extension()),
                            found.cover().bytes());
                    cover = true;
                } catch (IOException e) {
                    log.warn("Cover of upload {} not kept: {}", sessionId, e.toString());
                }
            }
            Library.NewTrack track = SongFacts.track(s, target, durationMs, found, override, sha256);
            return new Uploads.Prepared(
                    s,
                    track,
                    SongFacts.metadata(
                            track.title(), track.artist(), track.album(), durationMs, s.fileSize(), extension, cover));
        }
    }

    /**
     * Adds the prepared track, on the box thread: the library write, the session's completion (one
     * transaction) and the events. A session already finalized answers with its track again.
     */
    Uploads.Finalized commit(Uploads.Prepared prepared) {
        UploadSession s = sessions.find(
                prepared.session().playlistId(), prepared.session().id());
        String playlistId = s.playlistId();
        if (s.trackId() != null) {
            Track track = library.playlist(playlistId)
                    .flatMap(p -> p.tracks().stream()
                            .filter(t -> t.id().equals(s.trackId()))
                            .findFirst())
                    .orElse(null);
            Map<String, Object> metadata = track == null
                    ? null
                    : SongFacts.metadata(
                            track.title(),
                            track.artist(),
                            track.album(),
                            track.durationMs(),
                            track.fileSize(),
                            FileNames.extension(s.filename()),
                            SongFacts.hasCover(library.mediaDir(), s.id()));
            return new Uploads.Finalized(track, metadata, s.view());
        }
        if (prepared.track() == null || !s.status().open()) {
            throw BoxError.conflict("Upload session " + s.id() + " is " + s.describe());
        }
        Track track;
        try {
            track = sessions.complete(s, () -> {
                try {
                    Track added = library.addTrack(playlistId, prepared.track())
                            .orElseThrow(() -> BoxError.notFound("Playlist", playlistId));
                    linkCover(prepared, added);
                    return added;
                } catch (IllegalArgumentException full) {
                    throw BoxError.conflict("This playlist is full: " + full.getMessage() + ".");
                }
            });
        } catch (BoxError e) {
            events.refused(playlistId, s.id(), e.getMessage());
            throw e;
        }
        UploadSession done = sessions.find(playlistId, s.id());
        events.added(s, prepared.metadata(), track, library.playlist(playlistId));
        log.info(
                "Upload {} finalized: track {} '{}' ({} ms) in playlist {}",
                s.id(),
                track.trackNumber(),
                track.title(),
                track.durationMs(),
                playlistId);
        // The chunks are not needed any more; removing them is card I/O, so not on this thread.
        cardWork.execute(() -> {
            synchronized (sessions.lock(s.id())) {
                card.remove(s.id());
            }
        });
        return new Uploads.Finalized(track, prepared.metadata(), done.view());
    }

    /** In the track's transaction: the cover written by {@link #prepare} becomes the track's. */
    private void linkCover(Uploads.Prepared prepared, Track added) {
        if (prepared.metadata() == null
                || !Boolean.TRUE.equals(prepared.metadata().get("has_cover_art"))) {
            return;
        }
        for (String extension : List.of("jpg", "png")) {
            Path cover = SongFacts.cover(library.mediaDir(), prepared.session().id(), extension);
            if (java.nio.file.Files.exists(cover)) {
                library.linkCover(added.id(), cover.toString());
                return;
            }
        }
    }

    private static String shortList(List<Integer> missing) {
        return missing.size() <= 20
                ? missing.toString()
                : missing.subList(0, 20).toString().replace("]", ", … (" + missing.size() + " in all)]");
    }
}
