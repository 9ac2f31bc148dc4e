package org.openmusicbox.edge.events;

import java.util.function.Consumer;
import org.openmusicbox.protocol.json.EncodedJson;

/**
 * Hands every delivery to {@code later}, which runs it once the change that caused it has answered its caller
 * ({@code Inbox::afterAnswer}). A parent's HTTP change then gets its answer before the event reaches two hundred
 * pages, not after, and the pages still get every event in order.
 */
public final class AnswerFirst implements Fanout {

    private final Fanout clients;
    private final Consumer<Runnable> later;

    public AnswerFirst(Fanout clients, Consumer<Runnable> later) {
        this.clients = clients;
        this.later = later;
    }

    @Override
    public void toRoom(String room, String event, EncodedJson json) {
        later.accept(() -> clients.toRoom(room, event, json));
    }

    @Override
    public void toClient(String clientId, String event, EncodedJson json) {
        later.accept(() -> clients.toClient(clientId, event, json));
    }

    @Override
    public void toEveryone(String event, EncodedJson json) {
        later.accept(() -> clients.toEveryone(event, json));
    }
}
