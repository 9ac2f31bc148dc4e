package org.openmusicbox.edge.api.http;

import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.controls.ButtonHand;
import org.openmusicbox.edge.controls.Buttons;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Pushes and releases the box's buttons where it has none (no GPIO, or buttons turned off): the stand-in
 * for a hand at the box, as the simulated reader's routes are. Open like those, since they are what a hand
 * would do; mounted only without real buttons, so a box with buttons has no such endpoint.
 */
public final class ButtonSimulatorRoutes {

    private final ButtonHand hand;
    private final Replies replies;

    public ButtonSimulatorRoutes(ButtonHand hand, Replies replies) {
        this.hand = hand;
        this.replies = replies;
    }

    public void addTo(Routes routes) {
        routes.add(
                        HttpMethod.POST,
                        "/api/controls/simulator/buttons/{button}/down",
                        Access.OPEN,
                        r -> push(r, "down", ButtonHand::down))
                .add(
                        HttpMethod.POST,
                        "/api/controls/simulator/buttons/{button}/up",
                        Access.OPEN,
                        r -> push(r, "up", ButtonHand::up));
    }

    private Mono<ServerResponse> push(ServerRequest request, String how, BiConsumer<ButtonHand, Buttons.Button> act) {
        String name = request.pathVariable("button");
        Buttons.Button button = switch (name) {
            case "next" -> Buttons.Button.NEXT;
            case "previous" -> Buttons.Button.PREVIOUS;
            case "play_pause" -> Buttons.Button.PLAY_PAUSE;
            default -> null;
        };
        if (button == null) {
            return replies.error(BoxError.invalid("A button is next, previous or play_pause"), null);
        }
        act.accept(hand, button);
        return replies.ok("Button " + how, Map.of("button", button.name().toLowerCase(Locale.ROOT), "state", how));
    }
}
