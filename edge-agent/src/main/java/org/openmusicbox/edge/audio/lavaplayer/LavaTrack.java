package org.openmusicbox.edge.audio.lavaplayer;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import com.sedmelluq.discord.lavaplayer.player.event.AudioEventAdapter;
import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.tools.Units;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.AudioTrackEndReason;
import com.sedmelluq.discord.lavaplayer.track.TrackMarker;
import com.sedmelluq.discord.lavaplayer.track.playback.AudioFrame;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openmusicbox.edge.audio.AudioException;
import org.openmusicbox.edge.audio.DecodedTrack;
import org.openmusicbox.edge.audio.PcmFormat;

/**
 * One file playing on its own lavaplayer {@link AudioPlayer}; {@link #read} pulls the player's
 * frames. Lavaplayer decodes on its own playback thread, up to {@link LavaDecoder#FRAME_BUFFER_MS}
 * ahead of the reader.
 *
 * <p>A seek starts a fresh copy of the track at the new position rather than moving the running
 * one (lavaplayer 2.2.6, {@code LocalAudioTrackExecutor}). Once the decoder has reached the end of
 * the file, which with a 1 s buffer is the whole last second of a track, it waits with the buffer
 * marked "terminate when empty"; a seek then clears the buffer but not that mark, so the first time
 * the reader finds the buffer empty after the seek, which under CPU load is soon, the track ends:
 * the rest of the story is lost (1180 of 2900 ms in {@code seekForwardAndBackMidFile} when seeking
 * in place). A fresh copy has its own buffer and applies its start position before decoding a
 * frame, so the first PCM read is at the position, never earlier audio and never a skip
 * ({@code LavaDecoderTest.manySeeksInARowEachStartExactlyThere}).
 */
final class LavaTrack implements DecodedTrack {

    /** How long {@link #read} waits for a frame before returning 0. One frame is 20 ms. */
    static final long READ_WAIT_MS = 20;

    private final AudioPlayer player;
    private final AudioTrack original;
    private final Path file;
    private final long durationMs;
    /** The part of the last frame that did not fit the caller's buffer. */
    private byte[] leftover = new byte[(int) PcmFormat.STANDARD.millisToBytes(20)];

    private int leftoverStart;
    private int leftoverLength;
    private volatile Run run;
    private boolean finished;
    private boolean closed;

    /**
     * One lavaplayer track playing on the player: the first, or a fresh copy after a seek. Written
     * by lavaplayer's threads through the player's listener, read by the pump thread.
     */
    private static final class Run {
        final AudioTrack track;
        /** Counted down when lavaplayer's playback thread is done with the track, after any exception event. */
        final CountDownLatch done = new CountDownLatch(1);

        volatile FriendlyException error;
        volatile AudioTrackEndReason endReason;

        Run(AudioTrack track) {
            this.track = track;
            track.setMarker(new TrackMarker(Long.MAX_VALUE, state -> done.countDown()));
        }
    }

    LavaTrack(AudioPlayer player, AudioTrack track, long startMs, Path file) {
        this.player = player;
        this.original = track;
        this.file = file;
        long duration = track.getDuration();
        this.durationMs = duration == Units.DURATION_MS_UNKNOWN || duration < 0 ? 0 : duration;
        player.addListener(new AudioEventAdapter() {
            @Override
            public void onTrackException(AudioPlayer p, AudioTrack t, FriendlyException exception) {
                Run current = run;
                if (current != null && current.track == t) {
                    current.error = exception;
                }
            }

            @Override
            public void onTrackEnd(AudioPlayer p, AudioTrack t, AudioTrackEndReason reason) {
                Run current = run;
                if (current != null && current.track == t) {
                    current.endReason = reason;
                }
            }
        });
        start(track, startMs);
    }

    private void start(AudioTrack track, long positionMs) {
        Run next = new Run(track);
        if (positionMs > 0) {
            track.setPosition(positionMs);
        }
        run = next;
        leftoverLength = 0;
        finished = false;
        player.startTrack(track, false);
    }

    @Override
    public long durationMs() {
        return durationMs;
    }

    @Override
    public int read(byte[] buffer) {
        if (closed || finished) {
            return -1;
        }
        int frameBytes = PcmFormat.STANDARD.bytesPerFrame();
        int capacity = buffer.length - buffer.length % frameBytes;
        if (capacity == 0) {
            throw new IllegalArgumentException("A buffer of " + buffer.length + " bytes holds no PCM frame");
        }
        int filled = takeLeftover(buffer, 0, capacity);
        long waitNanos = filled == 0 ? TimeUnit.MILLISECONDS.toNanos(READ_WAIT_MS) : 1;
        while (filled < capacity) {
            AudioFrame frame = provide(waitNanos);
            if (frame == null) {
                break;
            }
            int length = frame.getDataLength();
            int now = Math.min(length, capacity - filled);
            if (now == length) {
                frame.getData(buffer, filled);
            } else {
                byte[] data = frame.getData();
                System.arraycopy(data, 0, buffer, filled, now);
                if (leftover.length < length - now) {
                    leftover = new byte[length - now];
                }
                System.arraycopy(data, now, leftover, 0, length - now);
                leftoverStart = 0;
                leftoverLength = length - now;
            }
            filled += now;
            waitNanos = 1;
        }
        if (filled > 0) {
            return filled;
        }
        return endOfTrack() ? -1 : 0;
    }

    private int takeLeftover(byte[] buffer, int offset, int capacity) {
        int now = Math.min(leftoverLength, capacity - offset);
        System.arraycopy(leftover, leftoverStart, buffer, offset, now);
        leftoverStart += now;
        leftoverLength -= now;
        return now;
    }

    /** The player's next frame, null when none came within the wait or the track has ended. */
    private AudioFrame provide(long waitNanos) {
        try {
            // Always a positive wait: with 0 the player would hand out frames of the track a seek replaced.
            return player.provide(waitNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Whether the track has ended, throwing if it ended in an error. Once lavaplayer has handed out
     * its last frame the playback thread may still be reporting an exception, so this waits (briefly)
     * for that thread to finish before calling the track done.
     */
    private boolean endOfTrack() {
        Run current = run;
        if (player.getPlayingTrack() != null) {
            return false;
        }
        try {
            if (!current.done.await(READ_WAIT_MS, TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        FriendlyException error = current.error;
        if (error != null) {
            finished = true;
            throw new AudioException("Cannot decode " + file.getFileName() + ": " + describe(error), error);
        }
        if (current.endReason == AudioTrackEndReason.LOAD_FAILED) {
            finished = true;
            throw new AudioException("Cannot decode " + file.getFileName());
        }
        finished = true;
        return true;
    }

    private static String describe(FriendlyException error) {
        Throwable cause = error.getCause();
        return cause != null && cause.getMessage() != null
                ? error.getMessage() + " (" + cause.getMessage() + ")"
                : error.getMessage();
    }

    @Override
    public void seek(long positionMs) {
        if (closed) {
            throw new IllegalStateException("The track is closed");
        }
        start(original.makeClone(), Math.max(0, positionMs));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            player.destroy();
        }
    }
}
