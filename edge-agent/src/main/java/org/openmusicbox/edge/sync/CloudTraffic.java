package org.openmusicbox.edge.sync;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.openmusicbox.edge.library.Outbox;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.CommandReply;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.MediaAnswer;
import org.openmusicbox.protocol.v1.mqtt.SyncAcks;
import org.openmusicbox.protocol.v1.mqtt.SyncBatches;
import org.openmusicbox.protocol.v1.mqtt.SyncLog;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The box's side of the sync traffic: results on {@code sync/acks} go to the {@link OutboxDrain}, pages on
 * {@code sync/log} and the command {@code sync_now} to the {@link LogPull}; everything else to {@link Unhandled}.
 *
 * <p>All of it runs on one thread of its own ({@code cloud-sync}), never on the MQTT client's callback thread, which
 * must return at once, and never on the box thread, which applying a page waits for. One thread also means the
 * drain and the pull need no locks. A message is acknowledged to the broker only after its work is done; one whose
 * work failed is not, so the broker sends it again on the next connection.
 *
 * <p>New outbox entries are found by looking at the outbox every {@link #LOOK_EVERY} while connected (rarely while
 * changes wait for their results, see {@link OutboxDrain#look()}), and at once after each answer from the cloud. A
 * signal from the library's write path would need a hook in the library room and in the box's writer, which know
 * nothing of the cloud; a look at an outbox with nothing in flight reads only the new rows, by the primary key, and
 * offline there is no look at all.
 */
public final class CloudTraffic implements Arrivals, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CloudTraffic.class);

    /** How long a new edit waits at most before it is sent while connected. */
    static final Duration LOOK_EVERY = Duration.ofMillis(200);

    /** The command the cloud sends a connected box after logging a change for it (docs/mqtt.md). */
    public static final String SYNC_NOW = "sync_now";

    private final String deviceId;
    private final JsonCodec codec;
    private final OutboxDrain drain;
    private final LogPull pull;
    private final Arrivals others;
    private final ScheduledExecutorService thread;
    /** Null when the box moves no files (tests of the library traffic alone). */
    private final MediaTraffic media;

    /** Confined to {@link #thread}. */
    private Outlet outlet;

    private ScheduledFuture<?> looking;

    public CloudTraffic(String deviceId, Outbox outbox, CloudChanges changes, JsonCodec codec) {
        this(deviceId, outbox, changes, codec, new SyncBatches(codec), new Unhandled(), null);
    }

    /** With files: {@code media/urls} answers go to the downloads and uploads built from {@code media}. */
    public CloudTraffic(
            String deviceId, Outbox outbox, CloudChanges changes, JsonCodec codec, MediaTraffic.Parts media) {
        this(deviceId, outbox, changes, codec, new SyncBatches(codec), new Unhandled(), media);
    }

    CloudTraffic(
            String deviceId,
            Outbox outbox,
            CloudChanges changes,
            JsonCodec codec,
            SyncBatches batches,
            Arrivals others,
            MediaTraffic.Parts media) {
        this.deviceId = deviceId;
        this.codec = codec;
        this.drain = new OutboxDrain(outbox, deviceId, codec, batches);
        this.pull = new LogPull(changes, deviceId, codec, System::nanoTime);
        this.others = others;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cloud-sync");
            t.setDaemon(true);
            return t;
        });
        this.media = media == null ? null : new MediaTraffic(media, deviceId, codec, this::later);
    }

    /** Files waiting each way, for health; zeros without files. */
    public MediaTraffic.Queue mediaQueue() {
        return media == null ? new MediaTraffic.Queue(0, 0, null) : media.queue();
    }

    @Override
    public void arrived(String topic, byte[] payload, Receipt receipt) {
        arrived(topic, payload, Properties.NONE, receipt);
    }

    @Override
    public void arrived(String topic, byte[] payload, Properties properties, Receipt receipt) {
        TopicKind kind;
        try {
            kind = Topics.kindOf(topic);
        } catch (IllegalArgumentException e) {
            others.arrived(topic, payload, properties, receipt);
            return;
        }
        // Even reading a page (up to 124 KiB) is left to the sync thread: Paho's thread only routes.
        switch (kind) {
            case SYNC_ACKS:
                later(() -> {
                    SyncAcks acks = read(topic, payload, SyncAcks.class, receipt);
                    if (acks != null) {
                        run(topic, receipt, () -> drain.acked(acks));
                    }
                });
                break;
            case SYNC_LOG:
                later(() -> {
                    SyncLog page = read(topic, payload, SyncLog.class, receipt);
                    if (page != null) {
                        run(topic, receipt, () -> pull.arrived(page));
                        if (media != null) {
                            safely("looking for missing files", media::libraryChanged);
                        }
                    }
                });
                break;
            case COMMANDS:
                later(() -> {
                    DeviceCommand command = read(topic, payload, DeviceCommand.class, receipt);
                    if (command != null && command.name().equals(SYNC_NOW)) {
                        run(topic, receipt, () -> syncNow(command, properties));
                    } else if (command != null) {
                        others.arrived(topic, payload, properties, receipt);
                    }
                });
                break;
            case MEDIA_URLS:
                if (media == null) {
                    others.arrived(topic, payload, properties, receipt);
                    break;
                }
                later(() -> {
                    MediaAnswer answer = read(topic, payload, MediaAnswer.class, receipt);
                    if (answer != null) {
                        run(topic, receipt, () -> media.answered(answer));
                    }
                });
                break;
            default:
                others.arrived(topic, payload, properties, receipt);
        }
    }

    @Override
    public void connected(Outlet outlet) {
        later(() -> {
            this.outlet = outlet;
            safely("pulling the cloud's log", () -> pull.connected(outlet));
            safely("sending the outbox", () -> drain.connected(outlet));
            if (media != null) {
                safely("moving files", () -> media.connected(outlet));
            }
            if (looking != null) {
                looking.cancel(false);
            }
            looking = thread.scheduleWithFixedDelay(
                    () -> {
                        safely("sending the outbox", drain::look);
                        safely("pulling the cloud's log", pull::look);
                        if (media != null) {
                            safely("moving files", media::look);
                        }
                    },
                    LOOK_EVERY.toMillis(),
                    LOOK_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
        });
    }

    @Override
    public void lost() {
        later(() -> {
            outlet = null;
            if (looking != null) {
                looking.cancel(false);
                looking = null;
            }
            drain.lost();
            pull.lost();
            if (media != null) {
                media.lost();
            }
        });
    }

    /** Pulls now, and answers the command: running it twice only pulls twice, so a resent one is simply run again. */
    private void syncNow(DeviceCommand command, Properties properties) {
        pull.asked();
        if (outlet != null) {
            // The asker's response topic when it is one of this box's reply topics; the fixed one otherwise.
            String topic = ReplyTopic.of(deviceId, properties.responseTopic(), true);
            byte[] correlation = properties.correlationData() != null
                    ? properties.correlationData()
                    : Topics.correlationData(command.commandId());
            outlet.reply(
                    topic == null ? Topics.commandReplies(deviceId) : topic,
                    codec.toBytes(CommandReply.ok(command.commandId(), null)),
                    correlation);
        }
    }

    /** The payload as {@code type}; null (and acknowledged, since it will never read better) when it is unusable. */
    private <T> T read(String topic, byte[] payload, Class<T> type, Receipt receipt) {
        try {
            return codec.read(payload, type);
        } catch (JsonCodec.JsonFormatException e) {
            log.warn("Cloud message on {} is unusable and dropped: {}", topic, e.getMessage());
            receipt.handled();
            return null;
        }
    }

    /** Runs {@code work} (on the sync thread); acknowledges the message only when it worked. */
    private static void run(String topic, Receipt receipt, Runnable work) {
        if (safely("handling a message on " + topic, work)) {
            receipt.handled();
        }
    }

    private void later(Runnable work) {
        try {
            thread.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // The box is stopping; an unacknowledged message comes again after the next start.
            log.debug("Cloud sync: stopped, {} not done", work);
        }
    }

    private static boolean safely(String what, Runnable work) {
        try {
            work.run();
            return true;
        } catch (RuntimeException e) {
            // Not acknowledged: the broker sends the message again after the next connect.
            log.error("Cloud sync: {} failed; left for the next connection", what, e);
            return false;
        }
    }

    /** Stops the sync thread; call after the link is closed. Work under way is cut off, and not acknowledged. */
    @Override
    public void close() {
        thread.shutdownNow();
        if (media != null) {
            media.close();
        }
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
