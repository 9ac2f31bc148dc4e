package org.openmusicbox.e2e.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openmusicbox.e2e.harness.BoxStore;
import org.openmusicbox.e2e.harness.CloudReplica;
import org.openmusicbox.e2e.harness.Database;
import org.openmusicbox.e2e.harness.Poll;

/**
 * Time to converge (bench/README.md, "sync"): with the box's link cut, the box is edited {@code --edits} times on
 * the LAN (titles and descriptions of {@code --playlists} playlists, so that each edit is a field of its own in
 * the outbox, which merges edits of one field) and the cloud {@code --cloud-edits} times for the same box (the same playlists' titles, so the two sides
 * conflict); then the link comes back. Measures the time until both sides show the same library: the box's outbox
 * empty, its cursor past every log entry it did not send itself, and the two views equal.
 */
public final class ConvergeAfterOffline {

    private ConvergeAfterOffline() {}

    public static void main(String[] args) throws Exception {
        Options o = new Options(args, Set.of("edits", "cloud-edits", "playlists"));
        int edits = o.number("edits", 1_000, 100);
        int cloudEdits = o.number("cloud-edits", 1_000, 100);
        int playlistCount = Math.max(1, o.number("playlists", 500, 50));
        Figures f = new Figures("converge")
                .put("box_edits", edits)
                .put("cloud_edits", cloudEdits)
                .put("playlists", playlistCount);
        Path dir = Files.createTempDirectory("omb-bench-converge");
        boolean correct;
        try (OneBox one = new OneBox(ConvergeAfterOffline.class, dir)) {
            List<String> playlists = one.playlists(playlistCount);
            one.cut();
            one.edit(playlists, edits, 2);
            for (int i = 0; i < cloudEdits; i++) {
                one.stack
                        .cloud()
                        .edit(OneBox.DEVICE, "playlist", playlists.get(i % playlists.size()), "title", "c" + i);
            }
            int depth = one.box.outboxDepth();
            long target = lastSeqFromElsewhere(one.stack.database());
            f.put("outbox_changes", depth).put("cloud_log_target_seq", target);

            BoxStore store = new BoxStore(one.box.dataDir());
            CloudReplica replica = one.stack.replica(OneBox.DEVICE);
            long restored = System.nanoTime();
            long[] quiet = new long[1];
            one.cable.restore();
            Poll.until(
                    "both sides to show the same library",
                    Duration.ofMinutes(10),
                    () -> {
                        if (!one.box.cloudState().startsWith("connected:")
                                || one.box.outboxDepth() != 0
                                || store.cloudCursor() < target) {
                            return false;
                        }
                        if (quiet[0] == 0) {
                            quiet[0] = System.nanoTime();
                        }
                        return replica.shown().equals(one.box.library().shown());
                    },
                    one.box::cloudState);
            long converged = System.nanoTime();
            List<String> loggedTwice = replica.changeIdsLoggedTwice();
            f.put("outbox_empty_and_cursor_s", Math.round((quiet[0] - restored) / 1e6) / 1000.0)
                    .put("converged_s", Math.round((converged - restored) / 1e6) / 1000.0)
                    .put("box_cursor", store.cloudCursor())
                    .put("cloud_last_seq", lastSeq(one.stack.database()))
                    .put("applied_twice", loggedTwice.size());
            correct = loggedTwice.isEmpty();
        }
        System.exit(f.print(correct));
    }

    /** The last seq of the box's log that it did not send itself: what it must pull to have the cloud's edits. */
    private static long lastSeqFromElsewhere(Database db) {
        return number(db.rows(
                "SELECT coalesce(max(seq), 0) AS n FROM replica_log WHERE device_id = ? AND origin <> ?",
                OneBox.DEVICE,
                OneBox.DEVICE));
    }

    private static long lastSeq(Database db) {
        return number(db.rows("SELECT coalesce(max(seq), 0) AS n FROM replica_log WHERE device_id = ?", OneBox.DEVICE));
    }

    private static long number(List<Map<String, Object>> rows) {
        return ((Number) rows.get(0).get("n")).longValue();
    }
}
