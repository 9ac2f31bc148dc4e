package org.openmusicbox.cloud.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReconnectDelayTest {

    @Test
    void doublesUpToTheLastAndStartsOverAfterAReset() {
        ReconnectDelay delay = new ReconnectDelay(Duration.ofSeconds(1), Duration.ofSeconds(30));

        assertThat(IntStream.range(0, 7).mapToObj(i -> delay.next().toSeconds()))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
        delay.reset();
        assertThat(delay.next()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void refusesAZeroFirstDelayOrALastOneBeforeIt() {
        assertThatThrownBy(() -> new ReconnectDelay(Duration.ZERO, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReconnectDelay(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
