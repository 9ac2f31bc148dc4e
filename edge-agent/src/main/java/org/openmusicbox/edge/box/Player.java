package org.openmusicbox.edge.box;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.player.Deck;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.PlayerState;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.TrackPosition;
import org.openmusicbox.protocol.v1.VolumeChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the player does: the loaded playlist and its play order, the current track, play, pause,
 * stop, next, previous, seek, volume under the parent's maximum, repeat, shuffle, the sleep timer,
 * and resuming a playlist where it was left. The {@link Deck} does the audio; this class decides
 * what it plays and announces every change: {@code state:player} (always the whole state),
 * {@code state:track_position} every 200 ms while playing and on every transition, and
 * {@code state:volume_changed}. Box thread only; the deck's reports are posted back to it.
 */
public final class Player {

    private static final Logger log = LoggerFactory.getLogger(Player.class);

    static final Duration TICK = Duration.ofMillis(200);
    /** Two position updates are never closer than this, even around a transition. */
    static final long MIN_POSITION_GAP_MS = 150;
    /** Resume points are written at least this often while playing. */
    static final long SAVE_EVERY_MS = 5_000;
    /** "Previous" within this much of a track's start goes to the track before; later it restarts the track. */
    static final long PREVIOUS_RESTARTS_AFTER_MS = 3_000;
    static final long FADE_MS = SleepTimer.FADE_MS;
    public static final int MAX_SLEEP_MINUTES = 12 * 60;

    public static final String REPEAT_NONE = "none";
    public static final String REPEAT_ONE = "one";
    public static final String REPEAT_ALL = "all";

    private final Library library;
    private final Broadcaster broadcaster;
    private final Inbox inbox;
    private final PlayerMemory memory;
    private final LongSupplier clock;
    private final Deck deck;
    private final Random random = new Random();

    private PlayerMemory.Settings settings;
    private Playlist playlist;
    private List<Track> order = List.of();
    private int index;
    private String state = PlayerState.STOPPED;
    private long token;
    private long heldPositionMs;
    private String repeat = REPEAT_NONE;
    private boolean shuffle;
    private int failuresInARow;
    private ScheduledFuture<?> ticker;
    private long lastPositionNanos;
    private long lastSavedAt;
    private final SleepTimer sleep;

    /**
     * @param deck builds the deck with the listener this player gives it, so that the deck's
     *             reports come back here through the box thread
     */
    public Player(Library library, Broadcaster broadcaster, Inbox inbox, PlayerMemory memory, LongSupplier clock,
                  java.util.function.Function<Deck.Listener, Deck> deck) {
        this.library = library;
        this.broadcaster = broadcaster;
        this.inbox = inbox;
        this.memory = memory;
        this.clock = clock;
        this.settings = memory.settings();
        this.deck = deck.apply(new Deck.Listener() {
            @Override
            public void firstAudio(long t) {
                inbox.post(Inbox.Lane.DEVICE, () -> onFirstAudio(t));
            }

            @Override
            public void finished(long t) {
                inbox.post(Inbox.Lane.DEVICE, () -> onFinished(t));
            }

            @Override
            public void failed(long t, String reason) {
                inbox.post(Inbox.Lane.DEVICE, () -> onFailed(t, reason));
            }
        });
        this.deck.volume(settings.volume());
        this.sleep = new SleepTimer(inbox, clock, () -> settings.volume(), this.deck::volume, () -> {
            stop();
            announce();
        });
    }

    // ---- reading

    /** The whole state, numbered with the current sequence. */
    public PlayerState state() {
        return state(broadcaster.currentSeq());
    }

    private PlayerState state(long seq) {
        Track track = current();
        boolean loaded = track != null;
        int count = order.size();
        return new PlayerState(state, PlayerState.PLAYING.equals(state),
                loaded ? playlist.id() : null, loaded ? playlist.title() : null,
                loaded ? track.id() : null, track,
                position(), duration(), loaded ? index : 0, count,
                loaded && (index > 0 || !REPEAT_NONE.equals(repeat)),
                loaded && (index < count - 1 || REPEAT_ALL.equals(repeat)),
                settings.volume(), settings.maxVolume(), false, repeat, shuffle,
                sleep.endsAt() == null ? null : sleep.endsAt().toString(), seq);
    }

    public PlayerMemory.Settings settings() {
        return settings;
    }

    // ---- commands

    /**
     * Starts a playlist: at {@code trackNumber} when given, else where it was left (unless the
     * parent turned resuming off, or {@code fromBeginning}), else at its first track.
     */
    public PlayerState start(String playlistId, Integer trackNumber, boolean fromBeginning) {
        Playlist p = library.playlist(playlistId).orElseThrow(() -> BoxError.notFound("Playlist", playlistId));
        if (p.tracks().isEmpty()) {
            throw BoxError.conflict("The playlist \"" + p.title() + "\" has no tracks yet");
        }
        Track wanted = null;
        if (trackNumber != null) {
            wanted = p.tracks().stream().filter(t -> t.trackNumber() == trackNumber).findFirst()
                    .orElseThrow(() -> BoxError.invalid("The playlist has no track " + trackNumber));
        }
        saveResumePoint();
        load(p);
        long startMs = 0;
        if (wanted != null) {
            index = indexOf(wanted.id());
        } else if (!fromBeginning && settings.resume()) {
            var point = memory.resumePoint(p.id());
            if (point.isPresent() && indexOf(point.get().trackId()) >= 0) {
                index = indexOf(point.get().trackId());
                startMs = point.get().positionMs();
            }
        }
        failuresInARow = 0;
        playTrack(index, startMs);
        return state();
    }

    public PlayerState play() {
        if (PlayerState.PAUSED.equals(state)) {
            deck.resume();
            state = PlayerState.PLAYING;
            startTicker();
            announce();
            return state();
        }
        if (PlayerState.PLAYING.equals(state)) {
            return state();
        }
        if (playlist == null) {
            throw BoxError.conflict("Nothing to play: start a playlist first");
        }
        return start(playlist.id(), null, false);
    }

    public PlayerState pause() {
        if (PlayerState.PLAYING.equals(state)) {
            heldPositionMs = deck.positionMs();
            deck.pause();
            state = PlayerState.PAUSED;
            stopTicker();
            saveResumePoint();
            announce();
        }
        return state();
    }

    public PlayerState toggle() {
        return PlayerState.PLAYING.equals(state) ? pause() : play();
    }

    public PlayerState stop() {
        if (!PlayerState.STOPPED.equals(state)) {
            saveResumePoint();
            deck.stop();
            state = PlayerState.STOPPED;
            heldPositionMs = 0;
            stopTicker();
            announce();
        }
        return state();
    }

    public PlayerState next() {
        requireLoaded();
        failuresInARow = 0;
        advance(false);
        return state();
    }

    public PlayerState previous() {
        requireLoaded();
        failuresInARow = 0;
        if (position() > PREVIOUS_RESTARTS_AFTER_MS || (index == 0 && !REPEAT_ALL.equals(repeat))) {
            playTrack(index, 0);
        } else {
            playTrack(index > 0 ? index - 1 : order.size() - 1, 0);
        }
        return state();
    }

    public PlayerState seek(long positionMs) {
        requireLoaded();
        if (PlayerState.STOPPED.equals(state)) {
            throw BoxError.conflict("Nothing is playing: start the playlist first");
        }
        long duration = duration();
        if (duration > 0 && positionMs > duration) {
            throw BoxError.invalid("position_ms " + positionMs + " is beyond the track's " + duration + " ms");
        }
        deck.seek(positionMs);
        heldPositionMs = positionMs;
        announce();
        return state();
    }

    /** Sets the volume; a value above the parent's maximum is held at the maximum. */
    public PlayerState volume(int percent) {
        int volume = Math.max(0, Math.min(percent, settings.maxVolume()));
        if (volume != settings.volume()) {
            settings = new PlayerMemory.Settings(volume, settings.maxVolume(), settings.resume(),
                    settings.pauseOnLift());
            try {
                memory.saveSettings(settings);
            } catch (RuntimeException e) {
                // The knob keeps working on a full or read-only card; only the next start forgets it.
                log.warn("Volume {} not saved: {}", volume, e.getMessage());
            }
            if (!sleep.fading()) {
                deck.volume(volume);
            }
            broadcaster.toPlaylists(Events.STATE_VOLUME_CHANGED, new VolumeChanged(volume, false));
            announce();
        }
        return state();
    }

    /**
     * The parent's settings: the maximum volume (the volume follows it down), resuming, and pausing
     * when a tag is lifted. A null leaves a setting as it is.
     */
    public PlayerState configure(Integer maxVolume, Boolean resume, Boolean pauseOnLift) {
        int max = maxVolume == null ? settings.maxVolume() : maxVolume;
        int volume = Math.min(settings.volume(), max);
        boolean volumeChanged = volume != settings.volume();
        PlayerMemory.Settings next = new PlayerMemory.Settings(volume, max,
                resume == null ? settings.resume() : resume, pauseOnLift == null ? settings.pauseOnLift() : pauseOnLift);
        // Saved first: a card that refuses the write leaves the settings as they were.
        memory.saveSettings(next);
        settings = next;
        if (volumeChanged) {
            if (!sleep.fading()) {
                deck.volume(volume);
            }
            broadcaster.toPlaylists(Events.STATE_VOLUME_CHANGED, new VolumeChanged(volume, false));
        }
        announce();
        return state();
    }

    public PlayerState repeat(String mode) {
        if (!List.of(REPEAT_NONE, REPEAT_ONE, REPEAT_ALL).contains(mode)) {
            throw BoxError.invalid("repeat mode must be none, one or all");
        }
        repeat = mode;
        announce();
        return state();
    }

    /** Shuffling keeps the current track playing and shuffles the ones after it. */
    public PlayerState shuffle(boolean on) {
        if (on != shuffle) {
            shuffle = on;
            if (playlist != null) {
                Track playing = current();
                order = playOrder(playlist, playing);
                index = playing == null ? 0 : indexOf(playing.id());
            }
            announce();
        }
        return state();
    }

    /** Stops playback, with a short fade, after {@code minutes}; 0 cancels the timer. */
    public PlayerState sleepTimer(int minutes) {
        if (minutes < 0 || minutes > MAX_SLEEP_MINUTES) {
            throw BoxError.invalid("minutes must be between 0 and " + MAX_SLEEP_MINUTES);
        }
        return sleepAfter(Duration.ofMinutes(minutes));
    }

    /** The sleep timer in any unit; zero cancels it. */
    PlayerState sleepAfter(Duration after) {
        sleep.set(after);
        announce();
        return state();
    }

    /** A playlist changed or went: keep playing what still exists, stop when the current track is gone. */
    public void playlistChanged(String playlistId) {
        if (playlist == null || !playlist.id().equals(playlistId)) {
            return;
        }
        Track playing = current();
        var fresh = library.playlist(playlistId);
        if (fresh.isEmpty() || playing == null || fresh.get().tracks().stream().noneMatch(t -> t.id().equals(playing.id()))) {
            deck.stop();
            stopTicker();
            state = PlayerState.STOPPED;
            heldPositionMs = 0;
            if (fresh.isEmpty()) {
                playlist = null;
                order = List.of();
                index = 0;
            } else {
                load(fresh.get());
            }
            announce();
            return;
        }
        playlist = fresh.get();
        order = shuffle ? keepOrder(fresh.get()) : fresh.get().tracks();
        index = indexOf(playing.id());
        announce();
    }

    public void close() {
        saveResumePoint();
        deck.close();
    }

    // ---- what the deck reports

    private void onFirstAudio(long t) {
        if (t == token) {
            failuresInARow = 0;
        }
    }

    private void onFinished(long t) {
        if (t != token || !PlayerState.PLAYING.equals(state)) {
            return;
        }
        if (REPEAT_ONE.equals(repeat)) {
            playTrack(index, 0);
        } else {
            advance(true);
        }
    }

    private void onFailed(long t, String reason) {
        if (t != token) {
            return;
        }
        Track failed = current();
        log.warn("Cannot play \"{}\" ({}): {}", failed == null ? "?" : failed.title(),
                failed == null ? "?" : failed.filePath(), reason);
        failuresInARow++;
        if (failuresInARow >= order.size()) {
            log.warn("No track of \"{}\" can be played; stopping", playlist.title());
            state = PlayerState.STOPPED;
            heldPositionMs = 0;
            stopTicker();
            announce();
            return;
        }
        advance(true);
    }

    // ---- inside

    private void advance(boolean automatic) {
        if (index + 1 < order.size()) {
            playTrack(index + 1, 0);
        } else if (REPEAT_ALL.equals(repeat)) {
            if (shuffle) {
                order = playOrder(playlist, null);
            }
            playTrack(0, 0);
        } else {
            // The end of the playlist: next time it starts from the beginning.
            deck.stop();
            memory.clearResumePoint(playlist.id());
            state = PlayerState.STOPPED;
            heldPositionMs = 0;
            index = automatic ? 0 : index;
            stopTicker();
            announce();
        }
    }

    private void playTrack(int i, long startMs) {
        index = i;
        Track track = order.get(i);
        heldPositionMs = startMs;
        // Stored relative to the media directory; an old absolute path resolves to itself.
        token = deck.play(library.mediaDir().resolve(track.filePath()), startMs);
        state = PlayerState.PLAYING;
        startTicker();
        saveResumePoint();
        announce();
    }

    private void load(Playlist p) {
        playlist = p;
        order = playOrder(p, null);
        index = 0;
    }

    private List<Track> playOrder(Playlist p, Track first) {
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

    /** The current shuffled order with the playlist's new content: removed tracks out, new ones at the end. */
    private List<Track> keepOrder(Playlist fresh) {
        List<Track> kept = new ArrayList<>();
        for (Track t : order) {
            fresh.tracks().stream().filter(f -> f.id().equals(t.id())).findFirst().ifPresent(kept::add);
        }
        for (Track f : fresh.tracks()) {
            if (kept.stream().noneMatch(k -> k.id().equals(f.id()))) {
                kept.add(f);
            }
        }
        return List.copyOf(kept);
    }

    private int indexOf(String trackId) {
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).id().equals(trackId)) {
                return i;
            }
        }
        return -1;
    }

    private Track current() {
        return playlist == null || order.isEmpty() ? null : order.get(Math.min(index, order.size() - 1));
    }

    private long position() {
        if (PlayerState.PLAYING.equals(state)) {
            return deck.positionMs();
        }
        return PlayerState.PAUSED.equals(state) ? heldPositionMs : 0;
    }

    private long duration() {
        Track track = current();
        if (track == null) {
            return 0;
        }
        return track.durationMs() > 0 ? track.durationMs() : deck.durationMs();
    }

    private void requireLoaded() {
        if (playlist == null) {
            throw BoxError.conflict("Nothing is loaded: start a playlist first");
        }
    }

    private void announce() {
        broadcaster.toPlaylists(Events.STATE_PLAYER, this::state);
        announcePosition();
    }

    private void announcePosition() {
        Track track = current();
        if (track == null) {
            return;
        }
        long duration = duration();
        broadcaster.toPlaylistsLive(Events.STATE_TRACK_POSITION, new TrackPosition(position(), track.id(),
                PlayerState.PLAYING.equals(state), duration > 0 ? duration : null));
        lastPositionNanos = System.nanoTime();
    }

    private void tick() {
        if (!PlayerState.PLAYING.equals(state)) {
            return;
        }
        if ((System.nanoTime() - lastPositionNanos) / 1_000_000 >= MIN_POSITION_GAP_MS) {
            announcePosition();
        }
        if (clock.getAsLong() - lastSavedAt >= SAVE_EVERY_MS) {
            saveResumePoint();
        }
    }

    private void startTicker() {
        if (ticker == null) {
            ticker = inbox.every(TICK, this::tick);
        }
    }

    private void stopTicker() {
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
    }

    private void saveResumePoint() {
        Track track = current();
        if (track == null || PlayerState.STOPPED.equals(state)) {
            return;
        }
        memory.saveResumePoint(playlist.id(), new PlayerMemory.ResumePoint(track.id(), position()));
        lastSavedAt = clock.getAsLong();
    }
}
