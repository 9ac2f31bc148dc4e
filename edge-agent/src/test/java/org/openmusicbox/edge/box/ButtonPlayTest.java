package org.openmusicbox.edge.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.controls.Buttons;
import org.openmusicbox.edge.fake.FakeDecoder;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.PlayerState;
import org.openmusicbox.protocol.v1.Playlist;

/** Presses and knob turns go through the same operations as the web page and announce the same events. */
class ButtonPlayTest {

    @TempDir
    Path dir;

    BoxHarness box;
    ButtonPlay buttons;
    Playlist songs;

    @BeforeEach
    void start() {
        box = new BoxHarness(dir.resolve("data"), 100);
        buttons = new ButtonPlay(box.operations, box.player);
        songs = box.onBox(() -> box.playlists.create("Songs", null));
        for (int i = 1; i <= 3; i++) {
            Path file = FakeDecoder.track(dir, "s" + i + ".fake", 30_000);
            box.library.addTrack(
                    songs.id(),
                    new Library.NewTrack("s" + i, "s" + i + ".fake", file.toString(), 30_000, null, null, 1));
        }
    }

    @AfterEach
    void stop() {
        box.close();
    }

    private PlayerState await(Predicate<PlayerState> wanted, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            PlayerState now = box.onBox(() -> box.player.state());
            if (wanted.test(now)) {
                return now;
            }
            assertTrue(System.nanoTime() < deadline, "not within 5 s: " + what + "; now " + now);
            Thread.onSpinWait();
        }
    }

    @Test
    void buttonsDriveThePlayerAndAnnounceStatePlayer() {
        box.onBox(() -> box.player.start(songs.id(), null, true));
        int announced = box.fanout.events(Events.STATE_PLAYER).size();
        buttons.pressed(Buttons.Press.NEXT);
        await(s -> s.trackIndex() == 1, "next track");
        buttons.pressed(Buttons.Press.PLAY_PAUSE);
        await(s -> PlayerState.PAUSED.equals(s.state()), "paused");
        buttons.pressed(Buttons.Press.PLAY_PAUSE);
        await(PlayerState::isPlaying, "playing again");
        buttons.pressed(Buttons.Press.PREVIOUS);
        await(s -> s.trackIndex() == 0, "previous track");
        buttons.pressed(Buttons.Press.NEXT);
        buttons.pressed(Buttons.Press.NEXT);
        await(s -> s.trackIndex() == 2, "third track");
        buttons.pressed(Buttons.Press.PREVIOUS_LONG);
        await(s -> s.trackIndex() == 0 && s.isPlaying(), "restarted from the first track");
        buttons.pressed(Buttons.Press.PLAY_PAUSE_LONG);
        await(s -> PlayerState.STOPPED.equals(s.state()), "stopped");
        assertTrue(box.fanout.events(Events.STATE_PLAYER).size() >= announced + 8, "every press was announced");
    }

    /** The limit on the web page's player controls (30 a minute per address) is not the buttons'. */
    @Test
    void aChildPressingPlayPauseAHundredTimesIsNeverLimited() {
        box.onBox(() -> box.player.start(songs.id(), null, true));
        int announced = box.fanout.events(Events.STATE_PLAYER).size();
        for (int i = 0; i < 101; i++) {
            buttons.pressed(Buttons.Press.PLAY_PAUSE);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (box.fanout.events(Events.STATE_PLAYER).size() < announced + 101) {
            assertTrue(
                    System.nanoTime() < deadline,
                    "not every press was announced: "
                            + (box.fanout.events(Events.STATE_PLAYER).size() - announced) + " of 101");
            Thread.onSpinWait();
        }
        assertEquals(PlayerState.PAUSED, box.onBox(() -> box.player.state()).state(), "paused after 101 presses");
        assertTrue(box.fanout.events(Events.ERR_OP).isEmpty(), "no press was refused");
    }

    @Test
    void theKnobStepsTheVolumeByFiveWithinTheMaximum() {
        box.onBox(() -> box.player.configure(60, null, null));
        buttons.turned(+2);
        await(s -> s.volume() == 60, "50 + 2 x 5");
        buttons.turned(+3);
        box.onBox(() -> null);
        await(s -> s.volume() == 60, "held at the maximum");
        buttons.turned(-20);
        await(s -> s.volume() == 0, "not below 0");
        assertEquals(2, box.fanout.events(Events.STATE_VOLUME_CHANGED).size(), "60, then 0: no event for no change");
    }

    @Test
    void pressesOnAnIdleBoxChangeNothing() {
        buttons.pressed(Buttons.Press.NEXT);
        buttons.pressed(Buttons.Press.PREVIOUS_LONG);
        buttons.pressed(Buttons.Press.PLAY_PAUSE);
        buttons.pressed(Buttons.Press.NEXT_LONG);
        PlayerState after = box.onBox(() -> box.player.state());
        assertEquals(PlayerState.STOPPED, after.state());
        assertTrue(box.fanout.events(Events.STATE_PLAYER).isEmpty());
        assertTrue(box.fanout.events(Events.ERR_OP).isEmpty(), "no error reaches the web page");
    }
}
