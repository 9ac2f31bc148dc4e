package org.openmusicbox.edge.box;

import org.openmusicbox.edge.controls.Buttons;
import org.openmusicbox.protocol.v1.PlayerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the buttons and the volume knob do. Each press runs through {@link Operations}, the path the
 * web page's commands take, so it changes the player the same way and announces the same events.
 * A press that cannot do anything (next with nothing loaded) is only logged: a child pressing
 * buttons on an idle box must not fill anyone's screen with errors.
 */
public final class ButtonPlay implements Buttons.Listener {

    private static final Logger log = LoggerFactory.getLogger(ButtonPlay.class);

    /** Volume change per detent of the knob, as in the original box. */
    public static final int VOLUME_STEP = 5;

    private final Operations operations;
    private final Player player;

    public ButtonPlay(Operations operations, Player player) {
        this.operations = operations;
        this.player = player;
    }

    @Override
    public void pressed(Buttons.Press press) {
        switch (press) {
            case NEXT -> run("button_next", player::next);
            case PREVIOUS -> run("button_previous", player::previous);
            case PLAY_PAUSE -> run("button_play_pause", player::toggle);
            case PLAY_PAUSE_LONG -> run("button_stop", player::stop);
            case PREVIOUS_LONG ->
                run("button_restart", () -> {
                    PlayerState now = player.state();
                    if (now.activePlaylistId() == null) {
                        throw BoxError.conflict("Nothing is loaded");
                    }
                    return player.start(now.activePlaylistId(), null, true);
                });
            case NEXT_LONG -> log.debug("Long press on next has no action");
        }
    }

    @Override
    public void turned(int detents) {
        run("button_volume", () -> player.volume(player.settings().volume() + detents * VOLUME_STEP));
    }

    private void run(String name, java.util.function.Supplier<Object> command) {
        operations
                .run(Inbox.Lane.DEVICE, name, null, Operations.ReplyTo.PLAYLISTS_ROOM, command)
                .thenAccept(outcome -> {
                    if (outcome instanceof Operations.Failed failed) {
                        log.info("Button ({}): {}", name, failed.error().getMessage());
                    }
                });
    }
}
