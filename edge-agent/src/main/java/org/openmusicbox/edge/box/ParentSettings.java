package org.openmusicbox.edge.box;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The player's settings as the parent left them (volume, maximum volume, resuming, pausing when a
 * tag is lifted) and keeping them on the card. Box thread only, like the {@link Player} that owns it.
 */
final class ParentSettings {

    private static final Logger log = LoggerFactory.getLogger(ParentSettings.class);

    private final PlayerMemory memory;
    private PlayerMemory.Settings settings;

    ParentSettings(PlayerMemory memory) {
        this.memory = memory;
        this.settings = memory.settings();
    }

    PlayerMemory.Settings current() {
        return settings;
    }

    int volume() {
        return settings.volume();
    }

    /**
     * Sets the volume, held at the parent's maximum.
     *
     * @return whether the volume changed
     */
    boolean volume(int percent) {
        int volume = Math.max(0, Math.min(percent, settings.maxVolume()));
        if (volume == settings.volume()) {
            return false;
        }
        settings = new PlayerMemory.Settings(volume, settings.maxVolume(), settings.resume(), settings.pauseOnLift());
        try {
            memory.saveSettings(settings);
        } catch (RuntimeException e) {
            // The knob keeps working on a full or read-only card; only the next start forgets it.
            log.warn("Volume {} not saved: {}", volume, e.getMessage());
        }
        return true;
    }

    /**
     * The parent's settings; the volume follows the maximum down. A null leaves a setting as it is.
     *
     * @return whether the volume changed
     */
    boolean configure(Integer maxVolume, Boolean resume, Boolean pauseOnLift) {
        int max = maxVolume == null ? settings.maxVolume() : maxVolume;
        int volume = Math.min(settings.volume(), max);
        boolean volumeChanged = volume != settings.volume();
        PlayerMemory.Settings next = new PlayerMemory.Settings(
                volume,
                max,
                resume == null ? settings.resume() : resume,
                pauseOnLift == null ? settings.pauseOnLift() : pauseOnLift);
        // Saved first: a card that refuses the write leaves the settings as they were.
        memory.saveSettings(next);
        settings = next;
        return volumeChanged;
    }
}
