package org.openmusicbox.edge.api.socketio;

import org.openmusicbox.edge.box.Player;

/**
 * Player commands over Socket.IO beyond the HTTP API. The seed protocol has none; the sleep timer
 * is offered here as well, so that a page can set it without a second connection.
 */
public final class PlayerEvents {

    /** {@code {minutes, client_op_id?}}: 0 cancels the timer. */
    public static final String SLEEP_TIMER = "player:sleep_timer";

    private final SocketOperations operations;
    private final Player player;

    public PlayerEvents(SocketOperations operations, Player player) {
        this.operations = operations;
        this.player = player;
    }

    public void register() {
        operations.on(SLEEP_TIMER, p -> {
            Integer minutes = p.requiredInt("minutes", 0, Player.MAX_SLEEP_MINUTES);
            return () -> player.sleepTimer(minutes);
        });
    }
}
