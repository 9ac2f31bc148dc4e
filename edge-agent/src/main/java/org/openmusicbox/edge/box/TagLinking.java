package org.openmusicbox.edge.box;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.events.Broadcaster;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.nfc.TagUid;
import org.openmusicbox.protocol.v1.NfcAssociationState;
import org.openmusicbox.protocol.v1.NfcLinkState;
import org.openmusicbox.protocol.v1.NfcStatus;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.PlaylistLite;
import org.openmusicbox.protocol.v1.Rooms;

/**
 * Linking a tag to a playlist (docs/protocol.md has the events). A parent starts a session for a playlist;
 * the next tag placed on the reader is linked to it, unless that tag already starts another
 * playlist: then the session waits in {@code duplicate} until the parent overrides or stops it.
 * While a session is open, placed tags are used for linking and never start playback. There is
 * one reader, so at most one session is open; starting one for another playlist stops the first,
 * while starting a second one for the same playlist is refused (409): it would silently throw away
 * the deadline a parent's dialog is counting down, and the original refuses it too.
 *
 * <p>Each change of a session is announced twice: {@code nfc_status} to room {@code nfc} (kept for
 * replay) and {@code nfc_association_state}, with a sentence for the parent, to every client, since
 * the page showing the linking dialog may not have joined {@code nfc}. A stopped session is
 * {@code stopped} in the first and {@code cancelled} in the second, the word clients of the original
 * wait for. Box thread only.
 */
public final class TagLinking {

    public static final int DEFAULT_TIMEOUT_S = 60;
    public static final int MIN_TIMEOUT_S = 1;
    public static final int MAX_TIMEOUT_S = 600;

    private record Session(
            String assocId,
            String playlistId,
            String playlistTitle,
            Instant startedAt,
            Instant timeoutAt,
            boolean override,
            NfcLinkState state,
            String tagId,
            PlaylistLite conflict) {

        Session with(NfcLinkState newState, String newTagId, PlaylistLite newConflict) {
            return new Session(
                    assocId,
                    playlistId,
                    playlistTitle,
                    startedAt,
                    timeoutAt,
                    override,
                    newState,
                    newTagId,
                    newConflict);
        }
    }

    private final Library library;
    private final Playlists playlists;
    private final Broadcaster broadcaster;
    private final Inbox inbox;
    private final LongSupplier clock;
    private Session session;
    private ScheduledFuture<?> timeout;

    public TagLinking(Library library, Playlists playlists, Broadcaster broadcaster, Inbox inbox, LongSupplier clock) {
        this.library = library;
        this.playlists = playlists;
        this.broadcaster = broadcaster;
        this.inbox = inbox;
        this.clock = clock;
    }

    /** Opens a session for the playlist; the answer names the session. */
    public Map<String, Object> start(String playlistId, Integer timeoutS) {
        int seconds = timeoutS == null ? DEFAULT_TIMEOUT_S : timeoutS;
        if (seconds < MIN_TIMEOUT_S || seconds > MAX_TIMEOUT_S) {
            throw BoxError.invalid("timeout_s must be between " + MIN_TIMEOUT_S + " and " + MAX_TIMEOUT_S);
        }
        Playlist playlist = library.playlist(playlistId).orElseThrow(() -> BoxError.notFound("Playlist", playlistId));
        if (session != null && session.playlistId().equals(playlistId)) {
            Map<String, Object> open = new LinkedHashMap<>();
            open.put("assoc_id", session.assocId());
            open.put("playlist_id", playlistId);
            open.put("state", session.state().wire());
            open.put("timeout_at", session.timeoutAt().toString());
            throw new BoxError(
                    "conflict",
                    409,
                    "A link session for \"" + playlist.title() + "\" is already open; stop it first or place a tag",
                    open,
                    null);
        }
        return open(playlist, seconds, false);
    }

    /** Stops the open session, chosen by its id or by its playlist. */
    public Map<String, Object> stop(String assocId, String playlistId) {
        if (session == null
                || (assocId != null && !assocId.equals(session.assocId()))
                || (playlistId != null && !playlistId.equals(session.playlistId()))) {
            throw BoxError.notFound("NFC link session", assocId != null ? assocId : String.valueOf(playlistId));
        }
        Session stopped = session;
        end(stopped.with(NfcLinkState.STOPPED, stopped.tagId(), stopped.conflict()), "Linking stopped");
        return describe(stopped);
    }

    /**
     * Links a tag to the playlist even though it starts another one. With a tag id the tag is
     * linked at once; without one, the tag of a session waiting in {@code duplicate} is, or else
     * the next tag placed is.
     */
    public Map<String, Object> override(String tagText, String playlistId) {
        Playlist playlist = library.playlist(playlistId).orElseThrow(() -> BoxError.notFound("Playlist", playlistId));
        String tagId = tagText;
        if (tagId != null) {
            tagId = TagUid.parse(tagId)
                    .map(TagUid::hex)
                    .orElseThrow(() -> BoxError.invalid("tag_id must be 4 to 32 hex digits, e.g. 04a22b1c"));
        } else if (session != null && session.playlistId().equals(playlistId) && session.tagId() != null) {
            tagId = session.tagId();
        }
        if (tagId == null) {
            return open(playlist, DEFAULT_TIMEOUT_S, true);
        }
        Session linking = session != null && session.playlistId().equals(playlistId)
                ? session
                : newSession(playlist, DEFAULT_TIMEOUT_S, true);
        if (session != null && session != linking) {
            end(session.with(NfcLinkState.STOPPED, session.tagId(), session.conflict()), "Linking stopped");
        }
        session = linking;
        link(linking, tagId);
        return describe(linking.with(NfcLinkState.SUCCESS, tagId, null));
    }

    /**
     * A tag was placed on the reader.
     *
     * @return true when a session used it, so it must not start playback
     */
    public boolean tagPlaced(TagUid tag) {
        if (session == null) {
            return false;
        }
        Optional<PlaylistLite> owner = library.playlistForTag(tag.hex());
        if (owner.isPresent() && !owner.get().id().equals(session.playlistId()) && !session.override()) {
            session = session.with(NfcLinkState.DUPLICATE, tag.hex(), owner.get());
            announce(
                    session,
                    "This tag already starts \"" + owner.get().title() + "\". Link it to \"" + session.playlistTitle()
                            + "\" instead?");
            return true;
        }
        link(session, tag.hex());
        return true;
    }

    /** The open session, as {@code GET /api/nfc/status} lists it. */
    public Optional<Map<String, Object>> current() {
        if (session == null) {
            return Optional.empty();
        }
        Map<String, Object> data = describe(session);
        data.put("tag_id", session.tagId());
        data.put(
                "conflict_playlist_id",
                session.conflict() == null ? null : session.conflict().id());
        data.put(
                "remaining_seconds",
                Math.max(0, (session.timeoutAt().toEpochMilli() - clock.getAsLong() + 999) / 1000));
        return Optional.of(data);
    }

    private Map<String, Object> open(Playlist playlist, int seconds, boolean override) {
        if (session != null) {
            end(
                    session.with(NfcLinkState.STOPPED, session.tagId(), session.conflict()),
                    "Linking stopped: another link was started");
        }
        session = newSession(playlist, seconds, override);
        String assocId = session.assocId();
        timeout = inbox.later(Duration.ofSeconds(seconds), () -> expire(assocId));
        announce(session, "Place a tag on the box to link it to \"" + playlist.title() + "\"");
        return describe(session);
    }

    private Session newSession(Playlist playlist, int seconds, boolean override) {
        Instant now = Instant.ofEpochMilli(clock.getAsLong());
        return new Session(
                UUID.randomUUID().toString(),
                playlist.id(),
                playlist.title(),
                now,
                now.plusSeconds(seconds),
                override,
                NfcLinkState.LISTENING,
                null,
                null);
    }

    private void link(Session linking, String tagId) {
        Optional<Playlist> linked = playlists.linkTag(linking.playlistId(), tagId);
        if (linked.isEmpty()) {
            end(linking.with(NfcLinkState.ERROR, tagId, null), "The playlist no longer exists");
            return;
        }
        end(
                linking.with(NfcLinkState.SUCCESS, tagId, null),
                "Tag linked to \"" + linked.get().title() + "\"");
    }

    private void expire(String assocId) {
        if (session != null && session.assocId().equals(assocId)) {
            end(session.with(NfcLinkState.TIMEOUT, session.tagId(), session.conflict()), "No tag was placed in time");
        }
    }

    private void end(Session last, String message) {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
        session = null;
        announce(last, message);
    }

    private void announce(Session s, String message) {
        broadcaster.toRoomNumbered(
                Rooms.NFC,
                seq -> new NfcStatus(
                        s.assocId(),
                        s.state(),
                        s.playlistId(),
                        s.tagId(),
                        s.conflict() == null ? null : s.conflict().id(),
                        s.startedAt().toString(),
                        s.timeoutAt().toString(),
                        seq));
        NfcAssociationState.ExistingPlaylist existing = s.conflict() == null
                ? null
                : new NfcAssociationState.ExistingPlaylist(
                        s.conflict().id(), s.conflict().title());
        broadcaster.toEveryoneNumbered(seq -> new NfcAssociationState(
                NfcAssociationState.State.of(s.state()),
                s.assocId(),
                s.playlistId(),
                s.tagId(),
                message,
                s.timeoutAt().toString(),
                existing,
                seq));
    }

    private static Map<String, Object> describe(Session s) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("assoc_id", s.assocId());
        data.put("playlist_id", s.playlistId());
        data.put("state", s.state().wire());
        data.put("override", s.override());
        data.put("started_at", s.startedAt().toString());
        data.put("timeout_at", s.timeoutAt().toString());
        return data;
    }
}
