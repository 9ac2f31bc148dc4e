package org.openmusicbox.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openmusicbox.e2e.harness.PhoneSocket;
import org.openmusicbox.e2e.harness.Poll;
import org.openmusicbox.e2e.harness.RelayProcess;

/**
 * Remote fan-out (bench/sync/README.md, "viewers"): N phones away watch one box, split over two relay instances, while
 * a parent at home renames a playlist M times a second for D seconds. Every viewer must get every
 * {@code state:playlist_updated} once; the figures are the delivery latency (receipt minus the box's envelope
 * timestamp, one clock on this machine) and how long the box took to send the renames.
 */
public final class RemoteFanout {

    private RemoteFanout() {}

    public static void main(String[] args) throws Exception {
        Options o = new Options(args, Set.of("viewers", "rate", "seconds"));
        int viewers = o.number("viewers", 200, 10);
        int rate = Math.max(1, o.number("rate", 5, 5));
        int seconds = Math.max(1, o.number("seconds", 30, 3));
        Figures f = new Figures("remote-fanout")
                .put("viewers", viewers)
                .put("renames_per_s", rate)
                .put("seconds", seconds);
        Path dir = Files.createTempDirectory("omb-bench-fanout");
        boolean correct;
        try (AwayBox away = new AwayBox(RemoteFanout.class, dir)) {
            String playlist = away.box.library().createPlaylist("Fan-out");
            List<PhoneSocket> phones = new ArrayList<>();
            try {
                long connectStart = System.nanoTime();
                for (int i = 0; i < viewers; i++) {
                    RelayProcess relay = away.relays.get(i % 2);
                    PhoneSocket phone = PhoneSocket.connect(
                            relay.socketIo(AwayBox.DEVICE), away.phone.credential(), Duration.ofSeconds(30));
                    if (!phone.joined()) {
                        throw new IllegalStateException("viewer " + i + " was not let in: " + phone);
                    }
                    phone.emit("join:playlists", Map.of());
                    phones.add(phone);
                }
                for (PhoneSocket phone : phones) {
                    Poll.until(
                            "every viewer to join",
                            Duration.ofSeconds(60),
                            () -> !phone.named("ack:join").isEmpty());
                }
                f.put("connect_and_join_s", Figures.round((System.nanoTime() - connectStart) / 1e9));

                int renames = rate * seconds;
                long every = TimeUnit.SECONDS.toNanos(1) / rate;
                long start = System.nanoTime();
                for (int i = 0; i < renames; i++) {
                    LockSupport.parkNanos(start + i * every - System.nanoTime());
                    away.box.library().rename(playlist, "fan-" + i);
                }
                f.put("send_s", Figures.round((System.nanoTime() - start) / 1e9));
                for (PhoneSocket phone : phones) {
                    Poll.until(
                            "every viewer to get the last rename",
                            Duration.ofSeconds(60),
                            () -> phone.named("state:playlist_updated").stream()
                                    .anyMatch(e -> e.data().toString().contains("fan-" + (renames - 1))));
                }
                correct = count(phones, renames, f);
            } finally {
                phones.forEach(PhoneSocket::close);
            }
        }
        System.exit(f.print(correct));
    }

    /** Each viewer's renames, deduplicated by event id; true when each viewer got each exactly once. */
    private static boolean count(List<PhoneSocket> phones, int renames, Figures f) {
        List<Double> latencies = new ArrayList<>();
        int duplicates = 0;
        int missing = 0;
        for (PhoneSocket phone : phones) {
            Set<String> seen = new HashSet<>();
            Set<String> titles = new HashSet<>();
            for (PhoneSocket.Event event : phone.named("state:playlist_updated")) {
                JsonNode envelope = event.data();
                if (!seen.add(envelope.path("event_id").asText())) {
                    duplicates++;
                    continue;
                }
                String title = envelope.path("data")
                        .path("playlist")
                        .path("title")
                        .asText(envelope.path("data").path("title").asText());
                if (title.startsWith("fan-")) {
                    titles.add(title);
                    latencies.add((double)
                            (event.receivedMillis() - envelope.path("timestamp").asLong()));
                }
            }
            missing += renames - titles.size();
        }
        double[] ms = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        f.put("delivered", ms.length)
                .put("expected", renames * phones.size())
                .put("missing", missing)
                .put("duplicates", duplicates)
                .put("delivery_p50_ms", Figures.round(Figures.percentile(ms, 50)))
                .put("delivery_p99_ms", Figures.round(Figures.percentile(ms, 99)))
                .put("delivery_max_ms", Figures.round(Figures.percentile(ms, 100)));
        return missing == 0 && duplicates == 0;
    }
}
