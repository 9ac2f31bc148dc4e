package org.openmusicbox.edge.audio;

import java.nio.file.Path;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays one track at a time: a pump thread decodes the file, scales the samples to the volume and
 * writes them to the {@link AudioOutput}, whose blocking write paces it to real time. Commands come
 * from the box thread and never block it; what happens to a track (first audio out, end, failure)
 * goes back through the {@link Listener}, tagged with the token {@link #play} returned, so that a
 * late report about a track that was already replaced can be recognised and ignored.
 */
public final class Deck implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Deck.class);
    /** 20 ms of audio per write: small enough for quick pause and seek, large enough to be cheap. */
    private static final int CHUNK_MS = 20;

    public interface Listener {
        /** The first PCM of the track was handed to the output. */
        void firstAudio(long token);

        /** The track played to its end. */
        void finished(long token);

        /** The track could not be opened or decoded. */
        void failed(long token, String reason);
    }

    private sealed interface Command permits Play, Pause, Resume, Stop, Seek {}

    private record Play(Path file, long startMs, long token) implements Command {}

    private record Pause() implements Command {}

    private record Resume() implements Command {}

    private record Stop() implements Command {}

    private record Seek(long positionMs) implements Command {}

    private final Decoder decoder;
    private final AudioOutput output;
    private final Listener listener;
    private final PcmFormat format = PcmFormat.STANDARD;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final java.util.ArrayDeque<Command> commands = new java.util.ArrayDeque<>();
    private final Thread pump;
    private volatile boolean closed;
    private volatile int volume = 100;
    private volatile long positionMs;
    private volatile long durationMs;
    private long nextToken;

    // Owned by the pump thread.
    private DecodedTrack track;
    private long token;
    private boolean playing;
    private boolean firstAudioSent;
    private long basePositionMs;
    private long bytesSinceBase;

    public Deck(Decoder decoder, AudioOutput output, Listener listener) {
        this.decoder = decoder;
        this.output = output;
        this.listener = listener;
        this.pump = new Thread(this::run, "player");
        this.pump.setDaemon(true);
        this.pump.setPriority(Thread.MAX_PRIORITY);
        this.pump.start();
    }

    /** Starts playing {@code file} from {@code startMs}, replacing whatever played; returns its token. */
    public long play(Path file, long startMs) {
        lock.lock();
        try {
            long newToken = ++nextToken;
            positionMs = startMs;
            durationMs = 0;
            send(new Play(file, startMs, newToken));
            return newToken;
        } finally {
            lock.unlock();
        }
    }

    public void pause() {
        send(new Pause());
    }

    public void resume() {
        send(new Resume());
    }

    public void stop() {
        send(new Stop());
    }

    public void seek(long ms) {
        lock.lock();
        try {
            positionMs = ms;
            send(new Seek(ms));
        } finally {
            lock.unlock();
        }
    }

    /** 0-100, applied to the samples from the next chunk on. */
    public void volume(int percent) {
        volume = Math.max(0, Math.min(100, percent));
    }

    /** Where the current track is, by the audio written to the output. */
    public long positionMs() {
        return positionMs;
    }

    /** The current track's length as the decoder reports it, 0 while unknown. */
    public long durationMs() {
        return durationMs;
    }

    private void send(Command command) {
        lock.lock();
        try {
            commands.addLast(command);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        byte[] buffer = new byte[(int) format.millisToBytes(CHUNK_MS)];
        while (!closed) {
            try {
                if (!applyCommands()) {
                    continue;
                }
                pumpOnce(buffer);
            } catch (RuntimeException e) {
                log.error("Player failed; the track is dropped", e);
                fail(e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
        closeTrack();
    }

    /** Applies waiting commands; waits while there is nothing to play. @return true when a chunk should be played */
    private boolean applyCommands() {
        lock.lock();
        try {
            while (commands.isEmpty() && !(playing && track != null) && !closed) {
                changed.awaitUninterruptibly();
            }
            while (!commands.isEmpty()) {
                apply(commands.pollFirst());
            }
            return playing && track != null && !closed;
        } finally {
            lock.unlock();
        }
    }

    private void apply(Command command) {
        if (command instanceof Play p) {
            closeTrack();
            output.flush();
            token = p.token();
            firstAudioSent = false;
            basePositionMs = p.startMs();
            bytesSinceBase = 0;
            try {
                track = decoder.open(p.file(), p.startMs());
                durationMs = track.durationMs();
                playing = true;
            } catch (AudioException e) {
                track = null;
                playing = false;
                listener.failed(p.token(), e.getMessage());
            }
        } else if (command instanceof Pause) {
            playing = false;
            output.pause();
        } else if (command instanceof Resume) {
            playing = track != null;
        } else if (command instanceof Stop) {
            playing = false;
            closeTrack();
            output.flush();
        } else if (command instanceof Seek s && track != null) {
            track.seek(s.positionMs());
            basePositionMs = s.positionMs();
            bytesSinceBase = 0;
            output.flush();
        }
    }

    private void pumpOnce(byte[] buffer) {
        int n = track.read(buffer);
        if (n < 0) {
            long ended = token;
            closeTrack();
            playing = false;
            listener.finished(ended);
            return;
        }
        if (n == 0) {
            return;
        }
        scale(buffer, n, volume);
        output.write(buffer, 0, n);
        bytesSinceBase += n;
        lock.lock();
        try {
            // A play or seek that arrived while this chunk was being written has already set the
            // position it starts from; the chunk's old position must not overwrite it.
            if (commands.stream().noneMatch(c -> c instanceof Play || c instanceof Seek)) {
                positionMs = basePositionMs + format.bytesToMillis(bytesSinceBase);
            }
        } finally {
            lock.unlock();
        }
        if (!firstAudioSent) {
            firstAudioSent = true;
            listener.firstAudio(token);
        }
    }

    private void fail(String reason) {
        long failed = token;
        closeTrack();
        playing = false;
        listener.failed(failed, reason);
    }

    private void closeTrack() {
        if (track != null) {
            try {
                track.close();
            } catch (RuntimeException e) {
                log.debug("Closing a track failed: {}", e.toString());
            }
            track = null;
        }
    }

    /**
     * Scales 16-bit samples in place. The volume is squared so that equal steps of the knob sound
     * like equal steps in loudness, which a linear gain does not.
     */
    static void scale(byte[] pcm, int length, int percent) {
        if (percent >= 100) {
            return;
        }
        int gain = percent * percent; // out of 10_000
        for (int i = 0; i + 1 < length; i += 2) {
            int sample = (short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8));
            int scaled = sample * gain / 10_000;
            pcm[i] = (byte) scaled;
            pcm[i + 1] = (byte) (scaled >> 8);
        }
    }

    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            pump.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
