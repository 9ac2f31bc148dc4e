package org.openmusicbox.cloud.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SyncPropertiesTest {

    @Test
    void anEmptyInstanceIsARandomIdPerStartAndTheSkewDefaultsToAYear() {
        SyncProperties a = new SyncProperties("", null);
        SyncProperties b = new SyncProperties(null, null);

        assertThat(a.instance()).matches("[0-9a-f]{8}");
        assertThat(a.instance()).isNotEqualTo(b.instance());
        assertThat(a.maxClockSkew()).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void anInstanceThatCannotBeAStampOriginIsRefusedAtStart() {
        assertThat(new SyncProperties("eu-1", Duration.ofHours(1)).instance()).isEqualTo("eu-1");
        assertThatThrownBy(() -> new SyncProperties("eu 1", null)).hasMessageContaining("omb.sync.instance");
        assertThatThrownBy(() -> new SyncProperties("x".repeat(59), null)).hasMessageContaining("omb.sync.instance");
        assertThatThrownBy(() -> new SyncProperties("eu-1", Duration.ofDays(-1)))
                .hasMessageContaining("omb.sync.max-clock-skew");
    }
}
