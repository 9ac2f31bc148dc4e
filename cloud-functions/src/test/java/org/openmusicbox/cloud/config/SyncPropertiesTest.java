package org.openmusicbox.cloud.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SyncPropertiesTest {

    @Test
    void anEmptyInstanceIsARandomIdPerStartAndTheSkewDefaultsToAYear() {
        SyncProperties a = new SyncProperties("", null, null);
        SyncProperties b = new SyncProperties(null, null, null);

        assertThat(a.instance()).matches("[0-9a-f]{8}");
        assertThat(a.instance()).isNotEqualTo(b.instance());
        assertThat(a.maxClockSkew()).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void anInstanceThatCannotBeAStampOriginIsRefusedAtStart() {
        assertThat(new SyncProperties("eu-1", Duration.ofHours(1), null).instance())
                .isEqualTo("eu-1");
        assertThatThrownBy(() -> new SyncProperties("eu 1", null, null)).hasMessageContaining("omb.sync.instance");
        assertThatThrownBy(() -> new SyncProperties("x".repeat(59), null, null))
                .hasMessageContaining("omb.sync.instance");
        assertThatThrownBy(() -> new SyncProperties("eu-1", Duration.ofDays(-1), null))
                .hasMessageContaining("omb.sync.max-clock-skew");
    }

    @Test
    void theSyncNowWindowDefaultsTo250MsAndIsBounded() {
        assertThat(new SyncProperties("eu-1", null, null).syncNowWindow()).isEqualTo(Duration.ofMillis(250));
        assertThat(new SyncProperties("eu-1", null, Duration.ofSeconds(5)).syncNowWindow())
                .isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> new SyncProperties("eu-1", null, Duration.ofMillis(-1)))
                .hasMessageContaining("omb.sync.sync-now-window");
        assertThatThrownBy(() -> new SyncProperties("eu-1", null, Duration.ofMinutes(2)))
                .hasMessageContaining("omb.sync.sync-now-window");
    }
}
