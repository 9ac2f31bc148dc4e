package org.openmusicbox.edge.remote;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.sync.Arrivals;
import org.openmusicbox.edge.sync.Outlet;
import org.openmusicbox.edge.sync.ReplyTopic;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.CommandReply;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.RemoteViewers;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay's traffic with the box, taken off the cloud link before everything else: the commands {@code http} and
 * {@code socket}, and the viewer counts on {@code remote/viewers/{relay_id}}. Anything else goes on to {@code rest}.
 *
 * <p>A command is answered on its response topic, which must be one of this box's {@code commands/replies/{relay_id}},
 * with its correlation data echoed. A command that changed something is recorded with the change ({@link Ledger}), and
 * its reply is kept before it is published; the message is acknowledged to the broker only after that, so a box that
 * stops in between gets the command again and answers it from the ledger without running it: with the kept reply, or
 * with "already applied" when it stopped before the reply was kept.
 */
public final class RemoteCommands implements Arrivals, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RemoteCommands.class);

    /** Replies larger than this are not put on the broker: a relay is not a file server. */
    public static final int MAX_REPLY_BYTES = 256 * 1024;

    /** The ledger keeps a command this long: far beyond any redelivery (commands expire after 10 s). */
    static final long KEEP_MS = 24 * 3600 * 1000L;

    private static final long PRUNE_EVERY_MS = 3600 * 1000L;

    private final String deviceId;
    private final Ledger ledger;
    private final Viewers viewers;
    private final JsonCodec codec;
    private final LongSupplier clock;
    private final Arrivals rest;
    private final ExecutorService thread;
    private volatile Map<String, CommandRunner> runners = Map.of();
    private final LinkOutlet outlet;
    /** Commands under way, by id: one delivered again meanwhile waits for the same reply. Confined to thread. */
    private final Map<String, CompletableFuture<byte[]>> running = new HashMap<>();

    private long prunedAt = Long.MIN_VALUE / 2;

    /** @param clock milliseconds */
    public RemoteCommands(
            String deviceId,
            Ledger ledger,
            Viewers viewers,
            LinkOutlet outlet,
            JsonCodec codec,
            LongSupplier clock,
            Arrivals rest) {
        this.deviceId = deviceId;
        this.outlet = outlet;
        this.ledger = ledger;
        this.viewers = viewers;
        this.codec = codec;
        this.clock = clock;
        this.rest = rest;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "remote-commands");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The runners, by command name. The endpoints that run commands are built after the cloud link, which starts last:
     * this is called before it starts, so no command arrives without them.
     */
    public void serve(Map<String, CommandRunner> byName) {
        this.runners = Map.copyOf(byName);
    }

    @Override
    public void arrived(String topic, byte[] payload, Receipt receipt) {
        arrived(topic, payload, Properties.NONE, receipt);
    }

    @Override
    public void arrived(String topic, byte[] payload, Properties properties, Receipt receipt) {
        Topics.Address address;
        try {
            address = Topics.parse(topic);
        } catch (IllegalArgumentException e) {
            rest.arrived(topic, payload, properties, receipt);
            return;
        }
        if (address.kind() == TopicKind.REMOTE_VIEWERS) {
            counted(address.relayId(), payload, properties);
            receipt.handled();
        } else if (address.kind() == TopicKind.COMMANDS) {
            later(() -> command(topic, payload, properties, receipt));
        } else {
            rest.arrived(topic, payload, properties, receipt);
        }
    }

    private void counted(String relayId, byte[] payload, Properties properties) {
        if (payload.length == 0) {
            viewers.cleared(relayId);
            return;
        }
        try {
            RemoteViewers count = codec.read(payload, RemoteViewers.class);
            if (!count.relayId().equals(relayId)) {
                log.warn("Viewer count on relay {}'s topic names relay {}; ignored", relayId, count.relayId());
                return;
            }
            viewers.heard(count, properties.expirySeconds());
        } catch (JsonCodec.JsonFormatException e) {
            log.warn("Viewer count of relay {} is unusable and ignored: {}", relayId, e.getMessage());
        }
    }

    /** On the commands thread. */
    private void command(String topic, byte[] payload, Properties properties, Receipt receipt) {
        DeviceCommand command;
        try {
            command = codec.read(payload, DeviceCommand.class);
        } catch (JsonCodec.JsonFormatException e) {
            // The sync traffic says why it is unusable; a command without an id has no one to answer.
            rest.arrived(topic, payload, properties, receipt);
            return;
        }
        CommandRunner runner = runners.get(command.name());
        if (runner == null) {
            rest.arrived(topic, payload, properties, receipt);
            return;
        }
        String replyTopic = ReplyTopic.of(deviceId, properties.responseTopic(), false);
        if (replyTopic == null) {
            log.warn(
                    "Command {} ({}) refused: its response topic {} is not one of this box's relay reply topics",
                    command.commandId(),
                    command.name(),
                    properties.responseTopic());
            receipt.handled();
            return;
        }
        byte[] correlation = properties.correlationData() != null
                ? properties.correlationData()
                : Topics.correlationData(command.commandId());
        prune();
        CompletableFuture<byte[]> reply = running.get(command.commandId());
        if (reply == null) {
            reply = reply(command, runner);
            CompletableFuture<byte[]> started = reply;
            running.put(command.commandId(), started);
            started.whenComplete((r, e) -> later(() -> running.remove(command.commandId(), started)));
        }
        reply.thenAcceptAsync(bytes -> publish(replyTopic, bytes, correlation, receipt), thread);
    }

    /** The stored reply, or the command run and its reply kept when it changed something. */
    private CompletableFuture<byte[]> reply(DeviceCommand command, CommandRunner runner) {
        String id = command.commandId();
        Optional<Ledger.Entry> known = ledger.find(id);
        if (known.isPresent()) {
            byte[] kept = known.get().reply();
            return CompletableFuture.completedFuture(
                    kept != null ? kept : codec.toBytes(CommandReply.ok(id, runner.alreadyApplied())));
        }
        CompletableFuture<Object> ran;
        try {
            ran = runner.run(id, command.args());
        } catch (RuntimeException e) {
            ran = CompletableFuture.failedFuture(e);
        }
        return ran.handleAsync((data, failure) -> keep(id, answer(id, runner, data, failure)), thread);
    }

    private CommandReply answer(String id, CommandRunner runner, Object data, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause == null) {
            return CommandReply.ok(id, data);
        }
        if (cause instanceof CommandRunner.Refused refused) {
            return CommandReply.failed(id, refused.errorType(), refused.getMessage());
        }
        if (cause instanceof Ledger.AlreadyApplied) {
            return CommandReply.ok(id, runner.alreadyApplied());
        }
        log.error("Command {} failed", id, cause);
        return CommandReply.failed(id, "internal_error", "The box could not run the command; it logged the details");
    }

    /** Encoded, checked for size, and kept when the command changed something (a no-op for reads). */
    private byte[] keep(String id, CommandReply reply) {
        byte[] bytes = codec.toBytes(reply);
        if (bytes.length > MAX_REPLY_BYTES) {
            bytes = codec.toBytes(CommandReply.failed(
                    id,
                    "too_large",
                    "The answer is " + bytes.length + " bytes, more than the " + MAX_REPLY_BYTES
                            + " a relay carries; ask for less (a page, one playlist)"));
        }
        ledger.answered(id, bytes);
        return bytes;
    }

    private void publish(String topic, byte[] reply, byte[] correlation, Receipt receipt) {
        Outlet now = outlet.get();
        if (now != null && now.reply(topic, reply, correlation)) {
            receipt.handled();
        } else {
            // Not acknowledged: the broker delivers it again on the next connection, answered from the ledger.
            log.info("Reply on {} not handed to the broker; the command comes again", topic);
        }
    }

    private void prune() {
        long now = clock.getAsLong();
        if (now - prunedAt < PRUNE_EVERY_MS) {
            return;
        }
        prunedAt = now;
        try {
            int gone = ledger.prune(now - KEEP_MS);
            if (gone > 0) {
                log.debug("Forgot {} relayed commands older than a day", gone);
            }
        } catch (RuntimeException e) {
            log.warn("Pruning relayed commands failed: {}", e.toString());
        }
    }

    @Override
    public void connected(Outlet now) {
        outlet.connected(now);
        rest.connected(now);
    }

    @Override
    public void lost() {
        outlet.lost();
        rest.lost();
    }

    private void later(Runnable work) {
        try {
            thread.execute(work);
        } catch (RejectedExecutionException stopped) {
            log.debug("Remote commands: stopped; an unacknowledged command comes again after the next start");
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
