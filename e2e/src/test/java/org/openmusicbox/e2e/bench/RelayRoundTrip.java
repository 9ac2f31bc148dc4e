package org.openmusicbox.e2e.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.openmusicbox.e2e.harness.Http;

/**
 * Relay command round trip (bench/sync/README.md, "relay"): a phone away sends requests one after another through a
 * relay instance; each goes to the box over MQTT as a command and its answer comes back the same way. Measures the
 * round trip of a read (player status) and of a change (a playlist rename), and the same requests made on the home
 * network, so the relay's share is seen. Every answer must be the right one: a rename's answer carries its title.
 */
public final class RelayRoundTrip {

    private RelayRoundTrip() {}

    public static void main(String[] args) throws Exception {
        Options o = new Options(args, Set.of("requests"));
        int requests = o.number("requests", 500, 20);
        Figures f = new Figures("relay-round-trip").put("requests_each", requests);
        Path dir = Files.createTempDirectory("omb-bench-relay");
        boolean correct = true;
        try (AwayBox away = new AwayBox(RelayRoundTrip.class, dir)) {
            String playlist = away.box.library().createPlaylist("Round trip");
            Http remote = away.relays.get(0).box(AwayBox.DEVICE, away.phone.credential());
            Http home = away.box.http();
            // Warm both paths (JIT, connections) before measuring.
            correct &= measure(remote, playlist, Math.min(20, requests), "warm") != null;
            correct &= measure(home, playlist, Math.min(20, requests), "warm") != null;
            double[][] relayed = measure(remote, playlist, requests, "r");
            double[][] direct = measure(home, playlist, requests, "h");
            correct &= relayed != null && direct != null;
            if (relayed != null && direct != null) {
                put(f, "relay_read", relayed[0]);
                put(f, "relay_change", relayed[1]);
                put(f, "home_read", direct[0]);
                put(f, "home_change", direct[1]);
            }
        }
        System.exit(f.print(correct));
    }

    /** Round trips in ms of reads ([0]) and renames ([1]), or null when an answer was wrong. */
    private static double[][] measure(Http api, String playlist, int n, String tag) {
        double[] reads = new double[n];
        double[] changes = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            Http.Answer read = api.get("/api/player/status");
            reads[i] = (System.nanoTime() - start) / 1e6;
            String title = tag + "-" + i;
            start = System.nanoTime();
            Http.Answer change = api.send("PUT", "/api/playlists/" + playlist, Map.of("title", title));
            changes[i] = (System.nanoTime() - start) / 1e6;
            if (!read.ok() || !change.ok() || !change.text().contains(title)) {
                System.err.println("wrong answer: " + read.status() + " " + change.status() + " " + change.text());
                return null;
            }
        }
        return new double[][] {reads, changes};
    }

    private static void put(Figures f, String name, double[] ms) {
        f.put(name + "_p50_ms", Figures.round(Figures.percentile(ms, 50)))
                .put(name + "_p99_ms", Figures.round(Figures.percentile(ms, 99)))
                .put(name + "_max_ms", Figures.round(Figures.percentile(ms, 100)));
    }
}
