package org.openmusicbox.edge.api.http;

import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.openmusicbox.edge.api.Payload;
import org.openmusicbox.edge.box.Inbox;
import org.openmusicbox.edge.box.Player;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The player API of the original system (and starting a playlist; docs/protocol.md) plus what
 * its frontend expected but never got (play a track by number, read the volume) and what this box
 * adds: repeat, shuffle, the sleep timer and the parent's settings. Every answer carries the whole
 * {@code PlayerState}; every change is also announced as {@code state:player}.
 */
public final class PlayerRoutes {

    /** A day: no track is longer, and a bigger number is a mistake, not a position. */
    static final long MAX_POSITION_MS = 86_400_000L;

    private final Inbox inbox;
    private final Player player;
    private final LongSupplier currentSeq;
    private final HttpOperations ops;

    /** @param currentSeq the last sequence number given out, read with the state it belongs to */
    public PlayerRoutes(Inbox inbox, Player player, LongSupplier currentSeq, HttpOperations ops) {
        this.inbox = inbox;
        this.player = player;
        this.currentSeq = currentSeq;
        this.ops = ops;
    }

    public void addTo(Routes routes) {
        command(routes, "play", Access.BUTTON, "Playback started", p -> player::play);
        command(routes, "pause", Access.BUTTON, "Playback paused", p -> player::pause);
        command(routes, "stop", Access.BUTTON, "Playback stopped", p -> player::stop);
        command(routes, "toggle", Access.BUTTON, "Playback toggled", p -> player::toggle);
        command(routes, "next", Access.BUTTON, "Skipped to the next track", p -> player::next);
        command(routes, "previous", Access.BUTTON, "Went to the previous track", p -> player::previous);
        command(routes, "seek", Access.PARENT, "Position changed", p -> {
            Integer position = p.requiredInt("position_ms", 0, (int) MAX_POSITION_MS);
            return () -> player.seek(position);
        });
        command(routes, "volume", Access.PARENT, "Volume changed", p -> {
            Integer volume = p.requiredInt("volume", 0, 100);
            return () -> player.volume(volume);
        });
        command(routes, "repeat", Access.PARENT, "Repeat mode changed", p -> {
            String mode = p.requiredString("mode", 10);
            return () -> player.repeat(mode);
        });
        command(routes, "shuffle", Access.PARENT, "Shuffle changed", p -> {
            Boolean on = p.requiredBoolean("enabled");
            return () -> player.shuffle(on);
        });
        command(routes, "sleep-timer", Access.PARENT, "Sleep timer set", p -> {
            Integer minutes = p.requiredInt("minutes", 0, Player.MAX_SLEEP_MINUTES);
            return () -> player.sleepTimer(minutes);
        });
        routes.add(HttpMethod.GET, "/api/player/status", Access.READ, r -> read(r, "Player status", player::state))
                .add(
                        HttpMethod.GET,
                        "/api/player/volume",
                        Access.READ,
                        r -> read(
                                r,
                                "Volume",
                                () -> Map.of(
                                        "volume",
                                        player.settings().volume(),
                                        "max_volume",
                                        player.settings().maxVolume())))
                .add(
                        HttpMethod.GET,
                        "/api/player/settings",
                        Access.READ,
                        r -> read(r, "Player settings", this::settings))
                .add(
                        HttpMethod.PUT,
                        "/api/player/settings",
                        Access.PARENT,
                        r -> ops.withBody(r, p -> {
                            Integer max = p.optionalInt("max_volume", 0, 100);
                            Boolean resume = p.optionalBoolean("resume");
                            Boolean pauseOnLift = p.optionalBoolean("pause_on_lift");
                            return ops.run(p, "player_settings", HttpStatus.OK, "Player settings saved", () -> {
                                player.configure(max, resume, pauseOnLift);
                                return settings();
                            });
                        }))
                .add(
                        HttpMethod.POST,
                        "/api/playlists/{id}/start",
                        Access.PARENT,
                        r -> ops.withBody(r, p -> {
                            String id = r.pathVariable("id");
                            Boolean fromBeginning = p.optionalBoolean("from_beginning");
                            return ops.run(
                                    p,
                                    "start_playlist",
                                    HttpStatus.OK,
                                    "Playlist started",
                                    () -> player.start(id, null, Boolean.TRUE.equals(fromBeginning)));
                        }))
                .add(
                        HttpMethod.POST,
                        "/api/playlists/{id}/play/{number}",
                        Access.PARENT,
                        r -> ops.withBody(r, p -> {
                            String id = r.pathVariable("id");
                            Integer number = Payload.pathInt(r.pathVariable("number"), "track number", p);
                            return ops.run(
                                    p,
                                    "play_track",
                                    HttpStatus.OK,
                                    "Track started",
                                    () -> player.start(id, number, true));
                        }));
    }

    private void command(
            Routes routes, String name, Access access, String message, Function<Payload, Supplier<Object>> read) {
        routes.add(
                HttpMethod.POST,
                "/api/player/" + name,
                access,
                r -> ops.withBody(r, p -> {
                    Supplier<Object> change = read.apply(p);
                    return ops.run(p, "player_" + name, HttpStatus.OK, message, change);
                }));
    }

    private Map<String, Object> settings() {
        var s = player.settings();
        return Map.of(
                "volume",
                s.volume(),
                "max_volume",
                s.maxVolume(),
                "resume",
                s.resume(),
                "pause_on_lift",
                s.pauseOnLift());
    }

    /** A read runs on the box thread too: the player's state is only ever touched there. */
    private Mono<ServerResponse> read(ServerRequest request, String message, Supplier<Object> what) {
        return Mono.fromFuture(inbox.ask(ParentGate.lane(request), () -> Map.entry(currentSeq.getAsLong(), what.get())))
                .flatMap(e -> ops.replies()
                        .success(
                                HttpStatus.OK,
                                org.openmusicbox.protocol.v1.http.ApiSuccess.of(message, e.getValue())
                                        .withServerSeq(e.getKey())));
    }
}
