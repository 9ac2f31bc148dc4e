package org.openmusicbox.protocol.v1;

/**
 * The complete player state, always sent whole. {@code track_index} is 0-based; the playlist and
 * track fields are null only while nothing is loaded. {@code max_volume} is the parent's limit that
 * {@code volume} never exceeds; {@code sleep_timer_ends_at} is an ISO-8601 time, null without a timer.
 */
public record PlayerState(
        PlaybackState state,
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
        int maxVolume,
        boolean muted,
        RepeatMode repeatMode,
        boolean shuffleEnabled,
        String sleepTimerEndsAt,
        long serverSeq)
        implements StateEvent {

    public static final PlaybackState STOPPED = PlaybackState.STOPPED;
    public static final PlaybackState PLAYING = PlaybackState.PLAYING;
    public static final PlaybackState PAUSED = PlaybackState.PAUSED;

    /** Nothing loaded, at the given volume. */
    public static PlayerState idle(int volume, int maxVolume, long serverSeq) {
        return new PlayerState(
                STOPPED,
                false,
                null,
                null,
                null,
                null,
                0,
                0,
                0,
                0,
                false,
                false,
                volume,
                maxVolume,
                false,
                RepeatMode.NONE,
                false,
                null,
                serverSeq);
    }

    @Override
    public String event() {
        return Events.STATE_PLAYER;
    }
}
