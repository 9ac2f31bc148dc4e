package org.openmusicbox.cloud.youtube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.youtube.ProgressThrottle.Status;
import org.openmusicbox.protocol.v1.YoutubeProgress;

class ProgressThrottleTest {

    private final AtomicLong now = new AtomicLong();
    private final List<YoutubeProgress> sent = new ArrayList<>();
    private final ProgressThrottle throttle = new ProgressThrottle("t1", sent::add, now::get, Duration.ofMillis(500));

    @Test
    void sendsEveryStatusChangeButOtherUpdatesAtMostOncePerInterval() {
        assertThat(throttle.report(Status.DOWNLOADING, 1, "Downloading audio", null))
                .isTrue();
        assertThat(throttle.report(Status.DOWNLOADING, 5, "Downloading audio", 9000L))
                .isFalse();
        now.addAndGet(Duration.ofMillis(499).toNanos());
        assertThat(throttle.report(Status.DOWNLOADING, 10, "Downloading audio", 8000L))
                .isFalse();
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(throttle.report(Status.DOWNLOADING, 20, "Downloading audio", 7000L))
                .isTrue();
        assertThat(throttle.report(Status.PROCESSING, 80, "Reading the audio", null))
                .isTrue();
        assertThat(throttle.report(Status.COMPLETED, 100, "Done", 0L)).isTrue();

        assertThat(sent)
                .extracting(YoutubeProgress::status)
                .containsExactly("downloading", "downloading", "processing", "completed");
        assertThat(sent.get(1).estimatedTimeRemaining()).isEqualTo(7000L);
        assertThat(sent.get(3).progressPercent()).isEqualTo(100.0);
    }

    @Test
    void neverGoesBackInStatusOrPercentAndStopsAfterTheEnd() {
        throttle.report(Status.PROCESSING, 85, "Storing", null);
        assertThat(throttle.report(Status.DOWNLOADING, 50, "late download line", null))
                .isFalse();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        throttle.report(Status.PROCESSING, 40, "Storing", null);
        throttle.report(Status.ERROR, 0, "This video is unavailable", null);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(throttle.report(Status.COMPLETED, 100, "Done", null)).isFalse();
        assertThat(throttle.report(Status.ERROR, 0, "again", null)).isFalse();

        assertThat(sent).extracting(YoutubeProgress::progressPercent).containsExactly(85.0, 85.0, 85.0);
        assertThat(sent).extracting(YoutubeProgress::status).containsExactly("processing", "processing", "error");
    }
}
