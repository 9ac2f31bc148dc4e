package org.openmusicbox.protocol.v1;

/**
 * The complete player state, always sent whole. {@code track_index} is 0-based; the playlist and
 * track fields are null only while nothing is loaded.
 */
public record PlayerState(
        String state,
        boolean isPlaying,
        String activePlaylistId,
        String activePlaylistTitle,
        String activeTrackId,
        Track activeTrack,
        long positionMs,
        long durationMs,
        int trackIndex,
        int trackCount,
        boolean canPrev,
        boolean canNext,
        int volume,
        boolean muted,
        String repeatMode,
        boolean shuffleEnabled,
        long serverSeq) {

    public static final String STOPPED = "stopped";
    public static final String PLAYING = "playing";
    public static final String PAUSED = "paused";

    /** Nothing loaded, at the given volume. */
    public static PlayerState idle(int volume, long serverSeq) {
        return new PlayerState(STOPPED, false, null, null, null, null, 0, 0, 0, 0, false, false,
                volume, false, "none", false, serverSeq);
    }

    public PlayerState withServerSeq(long seq) {
        return new PlayerState(state, isPlaying, activePlaylistId, activePlaylistTitle, activeTrackId, activeTrack,
                positionMs, durationMs, trackIndex, trackCount, canPrev, canNext, volume, muted, repeatMode,
                shuffleEnabled, seq);
    }
}
