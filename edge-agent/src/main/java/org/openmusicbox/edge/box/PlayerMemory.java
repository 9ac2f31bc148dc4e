package org.openmusicbox.edge.box;

import java.util.Optional;

/**
 * What the player remembers across restarts and power cuts: where each playlist was left, and the
 * parent's settings (volume, the maximum volume, whether playlists resume).
 */
public interface PlayerMemory {

    record ResumePoint(String trackId, long positionMs) {}

    /**
     * @param resume       whether a playlist started again continues where it was left
     * @param pauseOnLift  whether lifting a tag off the reader pauses its playlist
     */
    record Settings(int volume, int maxVolume, boolean resume, boolean pauseOnLift) {
        public static final Settings DEFAULTS = new Settings(50, 100, true, true);

        public Settings {
            if (maxVolume < 0 || maxVolume > 100 || volume < 0 || volume > maxVolume) {
                throw new IllegalArgumentException("volume " + volume + " and max_volume " + maxVolume
                        + " must satisfy 0 <= volume <= max_volume <= 100");
            }
        }
    }

    Optional<ResumePoint> resumePoint(String playlistId);

    void saveResumePoint(String playlistId, ResumePoint point);

    void clearResumePoint(String playlistId);

    /** The saved settings, {@link Settings#DEFAULTS} on a fresh box. */
    Settings settings();

    void saveSettings(Settings settings);
}
