package org.openmusicbox.edge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void withNothingSetTheLaunchContractDefaultsApply() {
        EdgeConfig config = ConfigLoader.load(null, Map.of(), Map.of());
        assertEquals(8000, config.http().port());
        assertEquals(8001, config.socketio().port());
        assertEquals("0.0.0.0", config.bind());
        assertEquals(Path.of("./omb-data"), config.dataDir());
        assertEquals(1000, config.sync().historySize());
        assertEquals("auto", config.audio().output());
        assertEquals("auto", config.nfc().reader());
        assertEquals(0x24, config.nfc().address());
    }

    @Test
    void allowedOriginsAreNamedOriginsNeverAWildcardAndBudgetsHaveDefaults() {
        EdgeConfig none = ConfigLoader.load(null, Map.of(), Map.of());
        assertEquals(java.util.List.of(), none.http().origins(), "no other origin by default");
        assertEquals(200, none.http().budget().guestBurst());
        assertEquals(2000, none.http().budget().parentBurst());
        EdgeConfig two = ConfigLoader.load(
                null,
                Map.of("OMB_HTTP_ALLOWED_ORIGINS", " https://relay.example.org , http://10.0.0.5:8080"),
                Map.of());
        assertEquals(
                java.util.List.of("https://relay.example.org", "http://10.0.0.5:8080"),
                two.http().origins());
        for (String bad :
                new String[] {"*", "https://*.example.org", "relay.example.org", "https://relay.example.org/", "null"
                }) {
            assertThrows(
                    EdgeConfig.InvalidConfigException.class,
                    () -> ConfigLoader.load(null, Map.of("OMB_HTTP_ALLOWED_ORIGINS", bad), Map.of()),
                    bad);
        }
        assertThrows(
                EdgeConfig.InvalidConfigException.class,
                () -> ConfigLoader.load(null, Map.of("OMB_HTTP_BUDGET_GUEST_BURST", "0"), Map.of()));
    }

    @Test
    void playerControlsAreLimitedTo30AMinuteUnlessSetOtherwise() {
        assertEquals(30, ConfigLoader.load(null, Map.of(), Map.of()).player().controlsPerMinute());
        assertEquals(
                120,
                ConfigLoader.load(null, Map.of("OMB_PLAYER_CONTROLS_PER_MINUTE", "120"), Map.of())
                        .player()
                        .controlsPerMinute());
        for (String bad : new String[] {"0", "-1", "many"}) {
            assertThrows(
                    EdgeConfig.InvalidConfigException.class,
                    () -> ConfigLoader.load(null, Map.of("OMB_PLAYER_CONTROLS_PER_MINUTE", bad), Map.of()),
                    bad);
        }
    }

    @Test
    void theMediaCacheBudgetIsHalfTheCardUnlessSetInBytes() {
        assertEquals(0, ConfigLoader.load(null, Map.of(), Map.of()).media().cacheMaxBytes(), "0: half the card");
        assertEquals(
                8_000_000_000L,
                ConfigLoader.load(null, Map.of("OMB_MEDIA_CACHE_MAX_BYTES", "8000000000"), Map.of())
                        .media()
                        .cacheMaxBytes());
        var negative = assertThrows(
                EdgeConfig.InvalidConfigException.class,
                () -> ConfigLoader.load(null, Map.of("OMB_MEDIA_CACHE_MAX_BYTES", "-1"), Map.of()));
        assertTrue(negative.getMessage().contains("omb.media.cache-max-bytes"), negative.getMessage());
        assertThrows(
                EdgeConfig.InvalidConfigException.class,
                () -> ConfigLoader.load(null, Map.of("OMB_MEDIA_CACHE_MAX_BYTES", "8GB"), Map.of()));
    }

    @Test
    void theNfcAddressIsReadInHexOrDecimalAndChecked() {
        assertEquals(
                0x24,
                ConfigLoader.load(null, Map.of("OMB_NFC_I2C_ADDRESS", "36"), Map.of())
                        .nfc()
                        .address());
        assertEquals(
                0x48,
                ConfigLoader.load(null, Map.of("OMB_NFC_I2C_ADDRESS", "0x48"), Map.of())
                        .nfc()
                        .address());
        assertThrows(
                EdgeConfig.InvalidConfigException.class,
                () -> ConfigLoader.load(null, Map.of("OMB_NFC_I2C_ADDRESS", "0x99"), Map.of()));
        assertThrows(
                EdgeConfig.InvalidConfigException.class,
                () -> ConfigLoader.load(null, Map.of("OMB_NFC_READER", "acr122"), Map.of()));
        assertThrows(
                EdgeConfig.InvalidConfigException.class,
                () -> ConfigLoader.load(null, Map.of("OMB_AUDIO_OUTPUT", "speaker"), Map.of()));
    }

    @Test
    void fileThenEnvironmentThenSystemPropertiesWin() throws Exception {
        Path file = dir.resolve("omb.yaml");
        Files.writeString(file, "omb:\n  http:\n    port: 9000\n  socketio:\n    port: 9001\n  data-dir: /srv/omb\n");
        EdgeConfig fromFile = ConfigLoader.load(file, Map.of(), Map.of());
        assertEquals(9000, fromFile.http().port());
        assertEquals(Path.of("/srv/omb"), fromFile.dataDir());

        EdgeConfig fromEnv =
                ConfigLoader.load(file, Map.of("OMB_HTTP_PORT", "9100", "OMB_SYNC_HISTORY_SIZE", "50"), Map.of());
        assertEquals(9100, fromEnv.http().port());
        assertEquals(50, fromEnv.sync().historySize());

        EdgeConfig fromProps =
                ConfigLoader.load(file, Map.of("OMB_HTTP_PORT", "9100"), Map.of("omb.http.port", "9200"));
        assertEquals(9200, fromProps.http().port());
    }

    @Test
    void badSettingsStopTheStartWithAMessageNamingThem() throws Exception {
        var e = assertThrows(
                EdgeConfig.InvalidConfigException.class,
                () -> ConfigLoader.load(null, Map.of("OMB_HTTP_PORT", "70000"), Map.of()));
        assertTrue(e.getMessage().contains("omb.http.port"), e.getMessage());
        assertThrows(
                EdgeConfig.InvalidConfigException.class,
                () -> ConfigLoader.load(null, Map.of("OMB_HTTP_PORT", "eighty"), Map.of()));
        assertThrows(
                EdgeConfig.InvalidConfigException.class,
                () -> ConfigLoader.load(null, Map.of("OMB_HTTP_PORT", "8001"), Map.of()));
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "omb:\n  htp:\n    port: 1\n");
        assertThrows(EdgeConfig.InvalidConfigException.class, () -> ConfigLoader.load(typo, Map.of(), Map.of()));
        assertThrows(
                EdgeConfig.InvalidConfigException.class,
                () -> ConfigLoader.load(dir.resolve("missing.yaml"), Map.of(), Map.of()));
    }

    @Test
    void valuesAreReadFromTheirTextAndAMapCannotStandForAValue() throws Exception {
        EdgeConfig spaced =
                ConfigLoader.load(null, Map.of("OMB_HTTP_PORT", " 9000 ", "OMB_AUTH_READ_OPEN", "FALSE"), Map.of());
        assertEquals(9000, spaced.http().port());
        assertEquals(false, spaced.auth().readOpen());
        assertThrows(
                EdgeConfig.InvalidConfigException.class,
                () -> ConfigLoader.load(null, Map.of("OMB_AUTH_READ_OPEN", "yes"), Map.of()));
        assertThrows(
                EdgeConfig.InvalidConfigException.class,
                () -> ConfigLoader.load(null, Map.of("OMB_HTTP_PORT", "3000000000"), Map.of()));
        Path numbers = dir.resolve("numbers.yaml");
        Files.writeString(numbers, "omb:\n  uploads:\n    max-file-bytes: 4000000000\n  auth:\n    read-open: false\n");
        EdgeConfig fromNumbers = ConfigLoader.load(numbers, Map.of(), Map.of());
        assertEquals(4_000_000_000L, fromNumbers.uploads().maxFileBytes());
        assertEquals(false, fromNumbers.auth().readOpen());
        Path mapForValue = dir.resolve("map.yaml");
        Files.writeString(mapForValue, "omb:\n  http:\n    port:\n      number: 1\n");
        var e = assertThrows(
                EdgeConfig.InvalidConfigException.class, () -> ConfigLoader.load(mapForValue, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("omb.http.port"), e.getMessage());
        Path valueForMap = dir.resolve("value.yaml");
        Files.writeString(valueForMap, "omb:\n  http: 9000\n");
        assertThrows(EdgeConfig.InvalidConfigException.class, () -> ConfigLoader.load(valueForMap, Map.of(), Map.of()));
    }

    @Test
    void unrelatedVariablesChangeNothing() {
        EdgeConfig config = ConfigLoader.load(null, Map.of("OMB_SOMETHING_ELSE", "1", "HTTP_PORT", "1"), Map.of());
        assertEquals(8000, config.http().port());
    }

    @Test
    void aSectionWrittenWithNothingUnderItSetsNothing() throws Exception {
        Path empty = dir.resolve("empty.yaml");
        Files.writeString(empty, "omb:\n");
        assertEquals(ConfigLoader.load(null, Map.of(), Map.of()), ConfigLoader.load(empty, Map.of(), Map.of()));
        Path emptyHttp = dir.resolve("empty-http.yaml");
        Files.writeString(emptyHttp, "omb:\n  http:\n  socketio:\n    port: 9001\n");
        EdgeConfig config = ConfigLoader.load(emptyHttp, Map.of(), Map.of());
        assertEquals(ConfigLoader.load(null, Map.of(), Map.of()).http(), config.http());
        assertEquals(9001, config.socketio().port());
    }
}
