package org.openmusicbox.edge.box;

import java.util.Optional;
import java.util.function.Supplier;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.Track;

/**
 * Where {@link Player#start} begins a playlist: the track asked for, else where the playlist was left (unless
 * resuming is off or the start is from the beginning), else the first track of the play order. Apart from
 * the player so that this choice can be checked without a deck.
 *
 * @param index      where in the play order
 * @param positionMs where in that track
 */
record StartPoint(int index, long positionMs) {

    static final StartPoint FIRST_TRACK = new StartPoint(0, 0);

    /**
     * The track numbered {@code trackNumber} in {@code p}, or null when none was asked for. Checked before the
     * player changes anything, so that a wrong number leaves it playing what it played.
     *
     * @throws BoxError when the playlist has no tracks or no track of that number
     */
    static Track asked(Playlist p, Integer trackNumber) {
        if (p.tracks().isEmpty()) {
            throw BoxError.conflict("The playlist \"" + p.title() + "\" has no tracks yet");
        }
        if (trackNumber == null) {
            return null;
        }
        return p.tracks().stream()
                .filter(t -> t.trackNumber() == trackNumber)
                .findFirst()
                .orElseThrow(() -> BoxError.invalid("The playlist has no track " + trackNumber));
    }

    /**
     * Where to begin in {@code order}, which has the playlist loaded.
     *
     * @param asked  the track asked for, or null
     * @param resume false when resuming is off or the start is from the beginning
     * @param left   where the playlist was left; read only when it can matter, since it is read from the card
     */
    static StartPoint in(
            PlayOrder order, Track asked, boolean resume, Supplier<Optional<PlayerMemory.ResumePoint>> left) {
        if (asked != null) {
            return new StartPoint(order.indexOf(asked.id()), 0);
        }
        if (!resume) {
            return FIRST_TRACK;
        }
        return left.get()
                .filter(point -> order.indexOf(point.trackId()) >= 0)
                .map(point -> new StartPoint(order.indexOf(point.trackId()), point.positionMs()))
                .orElse(FIRST_TRACK);
    }
}
