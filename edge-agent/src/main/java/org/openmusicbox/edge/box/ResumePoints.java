package org.openmusicbox.edge.box;

import java.util.Optional;
import java.util.function.LongSupplier;
import org.openmusicbox.protocol.v1.Track;

/**
 * Where each playlist was left, kept on the card so that a playlist started again (even after a
 * power cut) resumes there. Box thread only, like the {@link Player} that owns it.
 */
final class ResumePoints {

    /** Resume points are written at least this often while playing. */
    static final long SAVE_EVERY_MS = 5_000;

    private final PlayerMemory memory;
    private final LongSupplier clock;
    private long lastSavedAt;

    ResumePoints(PlayerMemory memory, LongSupplier clock) {
        this.memory = memory;
        this.clock = clock;
    }

    /** Where the playlist was left, when that track is still in {@code order}. */
    Optional<PlayerMemory.ResumePoint> in(PlayOrder order) {
        return memory.resumePoint(order.playlist().id()).filter(point -> order.indexOf(point.trackId()) >= 0);
    }

    /** Where the loaded playlist is now, if a track is loaded; {@code positionMs} is read only then. */
    void save(PlayOrder order, LongSupplier positionMs) {
        Track track = order.current();
        if (track != null) {
            save(order.playlist().id(), track.id(), positionMs.getAsLong());
        }
    }

    void save(String playlistId, String trackId, long positionMs) {
        memory.saveResumePoint(playlistId, new PlayerMemory.ResumePoint(trackId, positionMs));
        lastSavedAt = clock.getAsLong();
    }

    /** True when the last save is {@link #SAVE_EVERY_MS} old. */
    boolean due() {
        return clock.getAsLong() - lastSavedAt >= SAVE_EVERY_MS;
    }

    /** The playlist played to its end: it starts from the beginning next time. */
    void clear(String playlistId) {
        memory.clearResumePoint(playlistId);
    }
}
