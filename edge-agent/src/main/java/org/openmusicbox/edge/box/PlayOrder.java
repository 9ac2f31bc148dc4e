package org.openmusicbox.edge.box;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.RepeatMode;
import org.openmusicbox.protocol.v1.Track;

/**
 * The order the loaded playlist plays in: its tracks as listed or shuffled, where in that order the
 * player is, the repeat mode, and which track "next", "previous" and the end of a track lead to.
 * Knows nothing of the deck or of time beyond the position it is told, so that its rules can be
 * checked on their own. Box thread only, like the {@link Player} that owns it.
 */
final class PlayOrder {

    static final RepeatMode REPEAT_NONE = RepeatMode.NONE;
    static final RepeatMode REPEAT_ONE = RepeatMode.ONE;
    static final RepeatMode REPEAT_ALL = RepeatMode.ALL;

    /** "Previous" within this much of a track's start goes to the track before; later it restarts the track. */
    static final long PREVIOUS_RESTARTS_AFTER_MS = 3_000;

    private final Random random;
    private Playlist playlist;
    private List<Track> order = List.of();
    private int index;
    private RepeatMode repeat = REPEAT_NONE;
    private boolean shuffle;

    PlayOrder(Random random) {
        this.random = random;
    }

    /** The loaded playlist, or null. */
    Playlist playlist() {
        return playlist;
    }

    Track current() {
        return playlist == null || order.isEmpty() ? null : order.get(Math.min(index, order.size() - 1));
    }

    int index() {
        return index;
    }

    int size() {
        return order.size();
    }

    /** The tracks in the order they play. */
    List<Track> tracks() {
        return order;
    }

    RepeatMode repeat() {
        return repeat;
    }

    boolean shuffled() {
        return shuffle;
    }

    /** Whether "previous" can go anywhere but the start of this track (what the state tells clients). */
    boolean hasPrevious() {
        return current() != null && (index > 0 || !REPEAT_NONE.equals(repeat));
    }

    boolean hasNext() {
        return current() != null && (index < order.size() - 1 || REPEAT_ALL.equals(repeat));
    }

    /** Loads a playlist at its first track, shuffled when shuffle is on. */
    void load(Playlist p) {
        playlist = p;
        order = ordered(p, null);
        index = 0;
    }

    /** Nothing loaded. */
    void clear() {
        playlist = null;
        order = List.of();
        index = 0;
    }

    /**
     * The loaded playlist changed ({@code fresh}) or went (empty). While the current track is still
     * in it, it stays current and a shuffled order keeps its order, with removed tracks out and new
     * ones at the end.
     *
     * @return false when the current track is gone: then the playlist is loaded afresh at its
     *         start, or nothing is loaded when the playlist went
     */
    boolean refresh(Optional<Playlist> fresh) {
        Track playing = current();
        if (fresh.isEmpty()) {
            clear();
            return false;
        }
        if (playing == null || fresh.get().tracks().stream().noneMatch(t -> t.id().equals(playing.id()))) {
            load(fresh.get());
            return false;
        }
        playlist = fresh.get();
        order = shuffle ? keepOrder(fresh.get()) : fresh.get().tracks();
        index = indexOf(playing.id());
        return true;
    }

    /** Makes the track at {@code i} current and returns it. */
    Track moveTo(int i) {
        Track track = order.get(i);
        index = i;
        return track;
    }

    /** Where a track is in the play order, or -1. */
    int indexOf(String trackId) {
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).id().equals(trackId)) {
                return i;
            }
        }
        return -1;
    }

    /** @throws BoxError for a word other than none, one or all */
    void repeat(String mode) {
        repeat(repeatMode(mode));
    }

    void repeat(RepeatMode mode) {
        repeat = mode;
    }

    /** The mode a client's word names; @throws BoxError for a word other than none, one or all */
    static RepeatMode repeatMode(String word) {
        return RepeatMode.fromWire(word).orElseThrow(() -> BoxError.invalid("repeat mode must be none, one or all"));
    }

    /**
     * Shuffling keeps the current track current and first, and shuffles the others after it;
     * turning it off goes back to the playlist's order at the same track.
     *
     * @return whether anything changed
     */
    boolean shuffle(boolean on) {
        if (on == shuffle) {
            return false;
        }
        shuffle = on;
        if (playlist != null) {
            Track playing = current();
            order = ordered(playlist, playing);
            index = playing == null ? 0 : indexOf(playing.id());
        }
        return true;
    }

    /** The track "previous" plays, {@code positionMs} into the current one: this one again or the one before. */
    int previous(long positionMs) {
        if (positionMs > PREVIOUS_RESTARTS_AFTER_MS || (index == 0 && !REPEAT_ALL.equals(repeat))) {
            return index;
        }
        return index > 0 ? index - 1 : order.size() - 1;
    }

    /** The track after the current one; past the end with repeat all, the first (of a fresh shuffle). Empty at the end. */
    OptionalInt next() {
        if (index + 1 < order.size()) {
            return OptionalInt.of(index + 1);
        }
        if (REPEAT_ALL.equals(repeat)) {
            if (shuffle) {
                order = ordered(playlist, null);
            }
            return OptionalInt.of(0);
        }
        return OptionalInt.empty();
    }

    /** The track that plays when the current one ends by itself. Empty at the end. */
    OptionalInt afterFinished() {
        return REPEAT_ONE.equals(repeat) ? OptionalInt.of(index) : next();
    }

    private List<Track> ordered(Playlist p, Track first) {
        if (!shuffle) {
            return p.tracks();
        }
        List<Track> shuffled = new ArrayList<>(p.tracks());
        Collections.shuffle(shuffled, random);
        if (first != null) {
            shuffled.removeIf(t -> t.id().equals(first.id()));
            shuffled.add(0, first);
        }
        return List.copyOf(shuffled);
    }

    private List<Track> keepOrder(Playlist fresh) {
        List<Track> kept = new ArrayList<>();
        for (Track t : order) {
            fresh.tracks().stream()
                    .filter(f -> f.id().equals(t.id()))
                    .findFirst()
                    .ifPresent(kept::add);
        }
        for (Track f : fresh.tracks()) {
            if (kept.stream().noneMatch(k -> k.id().equals(f.id()))) {
                kept.add(f);
            }
        }
        return List.copyOf(kept);
    }
}
