package org.openmusicbox.e2e.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.openmusicbox.e2e.harness.CloudReplica;
import org.openmusicbox.e2e.harness.Poll;

/**
 * Outbox drain rate (bench/README.md, "sync"): a box fills its outbox with field changes made on the LAN while its
 * link is cut (playlists created, since the outbox keeps one entry per field and repeated edits of one field merge), then the link comes back; measures how fast the outbox empties, every change answered by the real
 * cloud app, and how fast the box publishes (the tap sees each message as the broker passes it on).
 */
public final class OutboxDrainRate {

    private OutboxDrainRate() {}

    public static void main(String[] args) throws Exception {
        Options o = new Options(args, Set.of("creates", "threads"));
        int creates = o.number("creates", 5_000, 100);
        int threads = Math.max(1, o.number("threads", 4, 2));
        Figures f = new Figures("outbox-drain").put("playlists_created_offline", creates);
        Path dir = Files.createTempDirectory("omb-bench-drain");
        boolean correct;
        try (OneBox one = new OneBox(OutboxDrainRate.class, dir)) {
            try (Tap tap = new Tap(one.stack.broker(), OneBox.DEVICE)) {
                one.cut();
                long editStart = System.nanoTime();
                one.create(creates, threads);
                double editSeconds = (System.nanoTime() - editStart) / 1e9;
                int depth = one.box.outboxDepth();
                f.put("lan_creates_per_s", Figures.round(creates / editSeconds)).put("outbox_changes", depth);

                long restored = System.nanoTime();
                one.cable.restore();
                one.box.awaitConnected(Duration.ofMinutes(2));
                long connected = System.nanoTime();
                one.box.awaitDrained(Duration.ofMinutes(15));
                long empty = System.nanoTime();
                Poll.until(
                        "the tap to see every result",
                        Duration.ofSeconds(30),
                        () -> tap.unanswered() == 0 && tap.distinctSent() >= depth);

                double drain = (tap.lastAckNs() - tap.firstChangeNs()) / 1e9;
                double publish = tap.publishSeconds();
                f.put("reconnect_s", Figures.round((connected - restored) / 1e9))
                        .put("connect_to_empty_s", Figures.round((empty - connected) / 1e9))
                        .put("first_publish_to_last_result_s", Math.round(drain * 1000) / 1000.0)
                        .put("changes_per_s", Figures.round(depth / drain))
                        .put("mqtt_messages", tap.changeMessages())
                        .put("changes_per_message", Figures.round((double) tap.changesSent() / tap.changeMessages()))
                        .put("publish_s", Math.round(publish * 1000) / 1000.0)
                        // One message has no rate of its own: the span between messages is what was measured.
                        .put(
                                "published_changes_per_s",
                                tap.changeMessages() < 2
                                        ? "n/a (one message)"
                                        : Figures.round(tap.changesSent() / publish))
                        .put(
                                "published_messages_per_s",
                                tap.changeMessages() < 2
                                        ? "n/a (one message)"
                                        : Figures.round(tap.changeMessages() / publish))
                        .put("burst_before_first_result_messages", tap.burstMessages())
                        .put("burst_before_first_result_changes", tap.burstChanges())
                        .put("burst_s", Math.round(tap.burstSeconds() * 1000) / 1000.0)
                        .put("result_messages", tap.ackMessages())
                        .put("changes_sent_again", tap.changesSent() - tap.distinctSent())
                        .put("answered_twice", tap.answeredTwice());

                CloudReplica replica = one.stack.replica(OneBox.DEVICE);
                List<String> loggedTwice = replica.changeIdsLoggedTwice();
                boolean same = replica.shown().equals(one.box.library().shown());
                f.put("unanswered", tap.unanswered())
                        .put("applied_twice", loggedTwice.size())
                        .put("cloud_shows_what_box_shows", same);
                correct = tap.unanswered() == 0 && tap.distinctSent() == depth && loggedTwice.isEmpty() && same;
            }
        }
        System.exit(f.print(correct));
    }
}
