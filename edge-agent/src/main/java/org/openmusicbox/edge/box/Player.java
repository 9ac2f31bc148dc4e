package org.openmusicbox.edge.box;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.audio.Deck;
import org.openmusicbox.edge.events.Broadcaster;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.protocol.v1.PlaybackState;
import org.openmusicbox.protocol.v1.PlayerState;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.RepeatMode;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.TrackPosition;
import org.openmusicbox.protocol.v1.VolumeChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the player does: play, pause, stop, next, previous, seek, volume under the parent's maximum,
 * repeat, shuffle, the sleep timer, and resuming a playlist where it was left. The {@link Deck} does the
 * audio, {@link StartPoint} where a start begins, {@link PlayOrder} which track comes when, {@link
 * ParentSettings} and {@link ResumePoints} what is kept on the card; this class ties them together and
 * announces every change: {@code state:player} (always the whole state), {@code state:track_position}
 * every 200 ms while playing and on every transition, and {@code state:volume_changed}. Box thread only;
 * the deck's reports are posted back to it ({@link DeckReports}).
 */
public final class Player {

    private static final Logger log = LoggerFactory.getLogger(Player.class);

    public static final int MAX_SLEEP_MINUTES = 12 * 60;

    private final Library library;
    private final Broadcaster broadcaster;
    private final ParentSettings settings;
    private final ResumePoints resumePoints;
    private final Deck deck;
    /** Told of each file as it starts (the media cache keeps played files longest); set once at start. */
    private volatile java.util.function.Consumer<java.nio.file.Path> started = file -> {};

    private final PlayOrder order = new PlayOrder(new Random());

    private PlaybackState state = PlaybackState.STOPPED;
    private long token;
    private long heldPositionMs;
    private int failuresInARow;
    private final PositionTicks ticks;
    private final SleepTimer sleep;

    /**
     * @param deck builds the deck with the listener this player gives it, so that the deck's
     *             reports come back here through the box thread
     */
    public Player(
            Library library,
            Broadcaster broadcaster,
            Inbox inbox,
            PlayerMemory memory,
            LongSupplier clock,
            java.util.function.Function<Deck.Listener, Deck> deck) {
        this.library = library;
        this.broadcaster = broadcaster;
        this.ticks = new PositionTicks(inbox, this::tick);
        this.settings = new ParentSettings(memory);
        this.resumePoints = new ResumePoints(memory, clock);
        this.deck =
                deck.apply(new DeckReports(inbox, () -> token, this::onFirstAudio, this::onFinished, this::onFailed));
        this.deck.volume(settings.volume());
        this.sleep = new SleepTimer(inbox, clock, () -> settings.volume(), this.deck::volume, () -> {
            stop();
            announce();
        });
    }

    public void onStart(java.util.function.Consumer<java.nio.file.Path> listener) {
        started = listener;
    }
    // ---- reading

    /** The whole state, numbered with the current sequence. */
    public PlayerState state() {
        return state(broadcaster.currentSeq());
    }

    private PlayerState state(long seq) {
        Track track = order.current();
        boolean loaded = track != null;
        Playlist playlist = order.playlist();
        return new PlayerState(
                state,
                PlayerState.PLAYING.equals(state),
                loaded ? playlist.id() : null,
                loaded ? playlist.title() : null,
                loaded ? track.id() : null,
                track,
                position(),
                duration(),
                loaded ? order.index() : 0,
                order.size(),
                order.hasPrevious(),
                order.hasNext(),
                settings.volume(),
                settings.current().maxVolume(),
                false,
                order.repeat(),
                order.shuffled(),
                sleep.endsAt() == null ? null : sleep.endsAt().toString(),
                seq);
    }

    public PlayerMemory.Settings settings() {
        return settings.current();
    }

    // ---- commands

    /** Starts a playlist where {@link StartPoint} says: the track asked for, where it was left, or its first. */
    public PlayerState start(String playlistId, Integer trackNumber, boolean fromBeginning) {
        Playlist p = library.playlist(playlistId).orElseThrow(() -> BoxError.notFound("Playlist", playlistId));
        Track asked = StartPoint.asked(p, trackNumber);
        saveResumePoint();
        order.load(p);
        StartPoint from = StartPoint.in(
                order, asked, !fromBeginning && settings.current().resume(), () -> resumePoints.in(order));
        failuresInARow = 0;
        playTrack(from.index(), from.positionMs());
        return state();
    }

    public PlayerState play() {
        if (PlayerState.PAUSED.equals(state)) {
            deck.resume();
            state = PlayerState.PLAYING;
            ticks.start();
            announce();
            return state();
        }
        if (PlayerState.PLAYING.equals(state)) {
            return state();
        }
        if (order.playlist() == null) {
            throw BoxError.conflict("Nothing to play: start a playlist first");
        }
        return start(order.playlist().id(), null, false);
    }

    public PlayerState pause() {
        if (PlayerState.PLAYING.equals(state)) {
            heldPositionMs = deck.positionMs();
            deck.pause();
            state = PlayerState.PAUSED;
            ticks.stop();
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
            halt();
            announce();
        }
        return state();
    }

    public PlayerState next() {
        requireLoaded();
        failuresInARow = 0;
        advance(order.next(), false);
        return state();
    }

    public PlayerState previous() {
        requireLoaded();
        failuresInARow = 0;
        playTrack(order.previous(position()), 0);
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
        if (settings.volume(percent)) {
            volumeChanged();
            announce();
        }
        return state();
    }

    /**
     * The parent's settings: the maximum volume (the volume follows it down), resuming, and pausing
     * when a tag is lifted. A null leaves a setting as it is.
     */
    public PlayerState configure(Integer maxVolume, Boolean resume, Boolean pauseOnLift) {
        if (settings.configure(maxVolume, resume, pauseOnLift)) {
            volumeChanged();
        }
        announce();
        return state();
    }

    private void volumeChanged() {
        if (!sleep.fading()) {
            deck.volume(settings.volume());
        }
        broadcaster.toPlaylists(new VolumeChanged(settings.volume(), false));
    }

    /** @throws BoxError for a word other than none, one or all */
    public PlayerState repeat(String mode) {
        return repeat(PlayOrder.repeatMode(mode));
    }

    public PlayerState repeat(RepeatMode mode) {
        order.repeat(mode);
        announce();
        return state();
    }

    /** Shuffling keeps the current track playing and shuffles the ones after it. */
    public PlayerState shuffle(boolean on) {
        if (order.shuffle(on)) {
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
        if (order.playlist() == null || !order.playlist().id().equals(playlistId)) {
            return;
        }
        if (!order.refresh(library.playlist(playlistId))) {
            deck.stop();
            halt();
        }
        announce();
    }

    public void close() {
        saveResumePoint();
        deck.close();
    }

    // ---- what the deck reports

    private void onFirstAudio() {
        failuresInARow = 0;
    }

    private void onFinished() {
        if (PlayerState.PLAYING.equals(state)) {
            advance(order.afterFinished(), true);
        }
    }

    private void onFailed(String reason) {
        Track failed = order.current();
        log.warn(
                "Cannot play \"{}\" ({}): {}",
                failed == null ? "?" : failed.title(),
                failed == null ? "?" : failed.filePath(),
                reason);
        failuresInARow++;
        if (failuresInARow >= order.size()) {
            log.warn(
                    "No track of \"{}\" can be played; stopping",
                    order.playlist().title());
            halt();
            announce();
            return;
        }
        advance(order.next(), true);
    }

    // ---- inside

    private void advance(OptionalInt to, boolean automatic) {
        if (to.isPresent()) {
            playTrack(to.getAsInt(), 0);
        } else {
            // The end of the playlist: next time it starts from the beginning.
            deck.stop();
            resumePoints.clear(order.playlist().id());
            halt();
            if (automatic) {
                order.moveTo(0);
            }
            announce();
        }
    }

    private void playTrack(int i, long startMs) {
        Track track = order.moveTo(i);
        heldPositionMs = startMs;
        // Stored relative to the media directory; an old absolute path resolves to itself.
        token = deck.play(library.mediaDir().resolve(track.filePath()), startMs);
        started.accept(library.mediaDir().resolve(track.filePath()));
        state = PlayerState.PLAYING;
        ticks.start();
        saveResumePoint();
        announce();
    }

    private long position() {
        if (PlayerState.PLAYING.equals(state)) {
            return deck.positionMs();
        }
        return PlayerState.PAUSED.equals(state) ? heldPositionMs : 0;
    }

    private long duration() {
        Track track = order.current();
        return track == null ? 0 : track.durationMs() > 0 ? track.durationMs() : deck.durationMs();
    }

    private void requireLoaded() {
        if (order.playlist() == null) {
            throw BoxError.conflict("Nothing is loaded: start a playlist first");
        }
    }

    private void announce() {
        broadcaster.toPlaylists(this::state);
        announcePosition();
    }

    private void announcePosition() {
        Track track = order.current();
        if (track != null) {
            long duration = duration();
            broadcaster.toPlaylistsLive(new TrackPosition(
                    position(), track.id(), PlayerState.PLAYING.equals(state), duration > 0 ? duration : null));
            ticks.sent();
        }
    }

    private void tick() {
        if (!PlayerState.PLAYING.equals(state)) {
            return;
        }
        if (ticks.gapPassed()) {
            announcePosition();
        }
        if (resumePoints.due()) {
            saveResumePoint();
        }
    }

    /** Stopped where it is: nothing held, no position updates. */
    private void halt() {
        state = PlayerState.STOPPED;
        heldPositionMs = 0;
        ticks.stop();
    }

    private void saveResumePoint() {
        if (!PlayerState.STOPPED.equals(state)) {
            resumePoints.save(order, this::position);
        }
    }
}
