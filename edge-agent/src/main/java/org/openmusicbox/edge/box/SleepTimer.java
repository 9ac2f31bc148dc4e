package org.openmusicbox.edge.box;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The sleep timer: when it runs out, the sound fades over {@link #FADE_MS} and playback stops. The
 * fade turns the deck down, never the volume setting, so the next playlist starts at the volume
 * the parent chose. Box thread only.
 */
final class SleepTimer {

    static final long FADE_MS = 3_000;
    private static final int FADE_STEPS = 10;

    private final Inbox inbox;
    private final LongSupplier clock;
    private final IntSupplier volume;
    private final IntConsumer deckVolume;
    private final Runnable stop;
    private ScheduledFuture<?> timer;
    private ScheduledFuture<?> fade;
    private Instant endsAt;

    /**
     * @param volume     the volume setting, which the fade starts from and returns to
     * @param deckVolume turns the sound itself up or down
     * @param stop       stops playback when the fade is over
     */
    SleepTimer(Inbox inbox, LongSupplier clock, IntSupplier volume, IntConsumer deckVolume, Runnable stop) {
        this.inbox = inbox;
        this.clock = clock;
        this.volume = volume;
        this.deckVolume = deckVolume;
        this.stop = stop;
    }

    /** Starts the timer anew; zero cancels it. */
    void set(Duration after) {
        cancel();
        if (!after.isZero()) {
            long ms = after.toMillis();
            endsAt = Instant.ofEpochMilli(clock.getAsLong() + ms);
            timer = inbox.later(Duration.ofMillis(Math.max(0, ms - FADE_MS)), this::fadeOutAndStop);
        }
    }

    /** When playback will stop, or null without a timer. */
    Instant endsAt() {
        return endsAt;
    }

    /** True while the fade holds the deck below the volume setting. */
    boolean fading() {
        return fade != null;
    }

    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (fade != null) {
            fade.cancel(false);
            fade = null;
            deckVolume.accept(volume.getAsInt());
        }
        endsAt = null;
    }

    private void fadeOutAndStop() {
        timer = null;
        int[] step = {0};
        fade = inbox.every(Duration.ofMillis(FADE_MS / FADE_STEPS), () -> {
            step[0]++;
            deckVolume.accept(volume.getAsInt() * (FADE_STEPS - step[0]) / FADE_STEPS);
            if (step[0] >= FADE_STEPS) {
                fade.cancel(false);
                fade = null;
                endsAt = null;
                stop.run();
                deckVolume.accept(volume.getAsInt());
            }
        });
    }
}
