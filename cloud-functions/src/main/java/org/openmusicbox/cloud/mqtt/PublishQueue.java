package org.openmusicbox.cloud.mqtt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * The publishes of {@link MqttConnection} from the call until the broker's acknowledgement, across connections.
 * They wait here while there is no connection or while the broker's receive maximum is reached; one in flight when
 * its connection dropped waits again, first in line, for the next connection. At most {@code capacity} wait; a
 * publish beyond that fails at once.
 *
 * <p>Every method runs on the connection's loop, {@code loop}; Paho's completions are handed back to it.
 */
final class PublishQueue {

    private final Executor loop;
    private final int capacity;
    private final Deque<Outgoing> waiting = new ArrayDeque<>();
    private boolean closed;

    PublishQueue(Executor loop, int capacity) {
        this.loop = loop;
        this.capacity = capacity;
    }

    int waiting() {
        return waiting.size();
    }

    void add(Outgoing outgoing, Link link) {
        if (closed) {
            outgoing.failed(new IllegalStateException("the MQTT connection is closed"));
        } else if (waiting.size() >= capacity) {
            outgoing.failed(new IllegalStateException(capacity + " publishes already wait for the broker"));
        } else {
            waiting.addLast(outgoing);
            flush(link);
        }
    }

    /** Hands waiting publishes to {@code link} until none is left or the broker takes no more for now. */
    void flush(Link link) {
        while (!closed && !waiting.isEmpty() && link != null && link.takes()) {
            Outgoing next = waiting.peekFirst();
            next.sentOn = link;
            link.inFlight.add(next);
            try {
                link.client.publish(next.topic, next.message(), null, new Settle(link, next));
                waiting.pollFirst();
            } catch (MqttException e) {
                link.inFlight.remove(next);
                next.sentOn = null;
                if (isForLater(e)) {
                    return;
                }
                waiting.pollFirst();
                next.failed(e);
            }
        }
    }

    /**
     * {@code link} dropped: what it had in flight waits again, ahead of the rest. Whether the broker got it is
     * unknown, so it may get it twice (QoS 1 allows that).
     */
    void requeue(Link link) {
        List<Outgoing> unconfirmed = new ArrayList<>(link.inFlight);
        link.inFlight.clear();
        for (int i = unconfirmed.size() - 1; i >= 0; i--) {
            unconfirmed.get(i).sentOn = null;
            waiting.addFirst(unconfirmed.get(i));
        }
    }

    /** Fails everything waiting and everything in flight on {@code link}; later publishes fail at once. */
    void close(Link link) {
        closed = true;
        List<Outgoing> left = new ArrayList<>(waiting);
        waiting.clear();
        if (link != null) {
            left.addAll(link.inFlight);
            link.inFlight.clear();
        }
        left.forEach(o -> o.failed(new IllegalStateException("the MQTT connection was closed")));
    }

    private void settled(Link link, Outgoing outgoing, Throwable failure) {
        if (outgoing.sentOn != link) {
            return; // requeued when its connection dropped
        }
        link.inFlight.remove(outgoing);
        outgoing.sentOn = null;
        if (failure == null) {
            outgoing.delivered();
        } else if (!closed && failure instanceof MqttException e && isForLater(e) && !link.takes()) {
            waiting.addFirst(outgoing);
        } else {
            outgoing.failed(failure);
        }
        flush(link);
    }

    /** Not the message's fault: the connection is going or gone, or the broker's receive maximum is reached. */
    private static boolean isForLater(MqttException e) {
        return switch (e.getReasonCode()) {
            case MqttClientException.REASON_CODE_MAX_INFLIGHT,
                    MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED,
                    MqttClientException.REASON_CODE_CLIENT_DISCONNECTING,
                    MqttClientException.REASON_CODE_CONNECTION_LOST,
                    MqttClientException.REASON_CODE_CLIENT_CLOSED,
                    MqttClientException.REASON_CODE_SERVER_DISCONNECTED -> true;
            default -> false;
        };
    }

    /** Paho's completion of one send, handed to the loop (or settled at once once the loop has stopped). */
    private final class Settle implements MqttActionListener {
        private final Link link;
        private final Outgoing outgoing;

        Settle(Link link, Outgoing outgoing) {
            this.link = link;
            this.outgoing = outgoing;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            try {
                loop.execute(() -> settled(link, outgoing, null));
            } catch (RejectedExecutionException e) {
                outgoing.delivered();
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable failure) {
            try {
                loop.execute(() -> settled(link, outgoing, failure));
            } catch (RejectedExecutionException e) {
                outgoing.failed(failure);
            }
        }
    }
}
