package org.openmusicbox.edge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openmusicbox.edge.device.LinkStatus;
import org.openmusicbox.edge.library.Outbox;

/** The cloud part of health tells how much the box holds back, after the link's own words. */
class CloudHealthTest {

    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final Instant SINCE = Instant.parse("2026-12-07T08:00:00Z");

    /** An outbox of {@code depth} entries, the oldest written {@code age} ago; or one that cannot be read. */
    private static Outbox outbox(int depth, Duration age, boolean broken) {
        return new Outbox() {
            @Override
            public int depth() {
                if (broken) {
                    throw new IllegalStateException("disk I/O error");
                }
                return depth;
            }

            @Override
            public Optional<Duration> oldestAge(Instant now) {
                return depth == 0 ? Optional.empty() : Optional.of(age);
            }

            @Override
            public List<Entry> oldest(int limit) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean remove(String changeId) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void anOfflineBoxSaysWhyAndHowManyChangesWaitAndSinceWhen() {
        LinkStatus link = LinkStatus.offline("cannot reach 127.0.0.1:1883: connection refused", SINCE);
        LinkStatus shown = CloudHealth.of(() -> link, outbox(12, Duration.ofSeconds(95), false), () -> NOW)
                .get();
        assertEquals(LinkStatus.State.OFFLINE, shown.state());
        assertEquals(SINCE, shown.since());
        assertEquals(
                "cannot reach 127.0.0.1:1883: connection refused; outbox: 12 changes waiting, the oldest for 95 s",
                shown.detail());
    }

    @Test
    void anEmptyOutboxHasNoAgeAndOneChangeIsOne() {
        LinkStatus link = LinkStatus.connected("connected to 127.0.0.1:1883 as box-one", SINCE);
        assertEquals(
                "connected to 127.0.0.1:1883 as box-one; outbox: 0 changes waiting",
                CloudHealth.with(link, outbox(0, null, false), NOW).detail());
        assertEquals(
                "connected to 127.0.0.1:1883 as box-one; outbox: 1 change waiting, the oldest for 0 s",
                CloudHealth.with(link, outbox(1, Duration.ofMillis(400), false), NOW)
                        .detail());
    }

    @Test
    void anUnreadableOutboxLeavesTheCloudPartReadable() {
        LinkStatus link = LinkStatus.disabled("No cloud link is set up");
        LinkStatus shown = CloudHealth.with(link, outbox(3, Duration.ZERO, true), NOW);
        assertEquals(LinkStatus.State.DISABLED, shown.state());
        assertEquals("No cloud link is set up; outbox: unreadable", shown.detail());
    }
}
