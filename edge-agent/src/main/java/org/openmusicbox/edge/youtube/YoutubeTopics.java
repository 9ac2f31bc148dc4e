package org.openmusicbox.edge.youtube;

import org.openmusicbox.edge.sync.Arrivals;
import org.openmusicbox.edge.sync.Outlet;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.YoutubeProgress;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.openmusicbox.protocol.v1.mqtt.YoutubeDone;
import org.openmusicbox.protocol.v1.mqtt.YoutubeFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands between the cloud link and the sync traffic: {@code youtube/progress}, {@code youtube/complete} and
 * {@code youtube/error} go to {@link Imports}, everything else to {@code rest}; every connect and loss goes to both.
 *
 * <p>These messages are handled on the link's callback thread: each is a small record and a send to the LAN that
 * never waits, and one thread in arrival order keeps a task's progress, completion and failure in the order the
 * cloud sent them. The sync thread is not used, as a page of the log being applied must not hold up a progress bar.
 */
public final class YoutubeTopics implements Arrivals {

    private static final Logger log = LoggerFactory.getLogger(YoutubeTopics.class);

    private final Imports imports;
    private final Arrivals rest;
    private final JsonCodec codec;

    public YoutubeTopics(Imports imports, Arrivals rest, JsonCodec codec) {
        this.imports = imports;
        this.rest = rest;
        this.codec = codec;
    }

    @Override
    public void arrived(String topic, byte[] payload, Receipt receipt) {
        arrived(topic, payload, Arrivals.Properties.NONE, receipt);
    }

    @Override
    public void arrived(String topic, byte[] payload, Arrivals.Properties properties, Receipt receipt) {
        TopicKind kind;
        try {
            kind = Topics.kindOf(topic);
        } catch (IllegalArgumentException e) {
            rest.arrived(topic, payload, properties, receipt);
            return;
        }
        try {
            switch (kind) {
                case YOUTUBE_PROGRESS -> imports.progressed(progress(payload));
                case YOUTUBE_COMPLETE -> imports.completed(codec.read(payload, YoutubeDone.class));
                case YOUTUBE_ERROR -> imports.failed(codec.read(payload, YoutubeFailed.class));
                default -> {
                    rest.arrived(topic, payload, properties, receipt);
                    return;
                }
            }
        } catch (JsonCodec.JsonFormatException e) {
            // It will never read better: acknowledged, so the broker does not send it again.
            log.warn("Cloud message on {} is unusable and dropped: {}", topic, e.getMessage());
        } catch (RuntimeException e) {
            // Not acknowledged: the broker sends it again on the next connection.
            log.error("Cloud message on {} could not be handled", topic, e);
            return;
        }
        receipt.handled();
    }

    /** The v1 record checks nothing itself (the web page reads it as it is): a task and a status are needed. */
    private YoutubeProgress progress(byte[] payload) {
        YoutubeProgress p = codec.read(payload, YoutubeProgress.class);
        if (blank(p.taskId()) || blank(p.status())) {
            throw new JsonCodec.JsonFormatException("task_id and status are required", null);
        }
        return p;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public void connected(Outlet outlet) {
        imports.connected(outlet);
        rest.connected(outlet);
    }

    @Override
    public void lost() {
        imports.lost();
        rest.lost();
    }
}
