package org.openmusicbox.edge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the {@link EdgeConfig} from, in rising precedence: the defaults below, an optional YAML
 * file, environment variables and system properties. Only known keys are read from the
 * environment, so an unrelated {@code OMB_*} variable cannot change anything by accident.
 */
public final class ConfigLoader {

    /** Every key with its default: the one place defaults live. */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("omb.bind", "0.0.0.0");
        d.put("omb.data-dir", "./omb-data");
        d.put("omb.http.port", "8000");
        d.put("omb.http.max-body-bytes", "262144");
        d.put("omb.http.allowed-origins", "");
        d.put("omb.http.budget.guest-burst", "200");
        d.put("omb.http.budget.guest-per-minute", "1200");
        d.put("omb.http.budget.parent-burst", "2000");
        d.put("omb.http.budget.parent-per-minute", "12000");
        d.put("omb.http.budget.addresses", "4096");
        d.put("omb.http.header-read-timeout-ms", "10000");
        d.put("omb.http.idle-timeout-ms", "60000");
        d.put("omb.http.max-connections-per-address", "64");
        d.put("omb.http.max-connections", "1024");
        d.put("omb.socketio.port", "8001");
        d.put("omb.socketio.max-payload-bytes", "2097152");
        d.put("omb.socketio.request-read-timeout-ms", "10000");
        d.put("omb.socketio.max-connections-per-address", "64");
        d.put("omb.socketio.max-connections", "1024");
        d.put("omb.socketio.polling-bytes-in-flight", "8388608");
        d.put("omb.socketio.max-sessions", "1024");
        d.put("omb.sync.history-size", "1000");
        d.put("omb.audio.output", "auto");
        d.put("omb.nfc.reader", "auto");
        d.put("omb.nfc.i2c-bus", "1");
        d.put("omb.nfc.i2c-address", "0x24");
        d.put("omb.nfc.poll-interval-ms", "100");
        d.put("omb.nfc.removal-polls", "3");
        d.put("omb.controls.enabled", "auto");
        d.put("omb.controls.pin-next", "16");
        d.put("omb.controls.pin-previous", "26");
        d.put("omb.controls.pin-encoder-clk", "7");
        d.put("omb.controls.pin-encoder-dt", "24");
        d.put("omb.controls.pin-encoder-sw", "23");
        d.put("omb.controls.debounce-ms", "50");
        d.put("omb.controls.long-press-ms", "2000");
        d.put("omb.uploads.max-file-bytes", Long.toString(200L * 1024 * 1024));
        d.put("omb.uploads.max-age-hours", "24");
        d.put("omb.uploads.max-open-sessions", "100");
        d.put("omb.uploads.space-margin-bytes", Long.toString(50L * 1024 * 1024));
        d.put("omb.auth.mode", "token");
        d.put("omb.auth.token", "");
        d.put("omb.auth.read-open", "true");
        d.put("omb.setup.presence-ms", "60000");
        d.put("omb.setup.reset-hold-ms", "10000");
        d.put("omb.setup.code-iterations", "200000");
        d.put("omb.setup.pairing-code-ms", "600000");
        d.put("omb.web.dir", "");
        d.put("omb.web.csp", "");
        d.put("omb.socketio.budget.guest-per-second", "20");
        d.put("omb.socketio.budget.guest-address-per-second", "50");
        d.put("omb.socketio.budget.parent-per-second", "200");
        d.put("omb.socketio.budget.flood-drops", "200");
        d.put("omb.player.controls-per-minute", "30");
        d.put("omb.cloud.url", "");
        d.put("omb.cloud.device-id", "");
        d.put("omb.cloud.username", "");
        d.put("omb.cloud.password", "");
        d.put("omb.cloud.password-file", "");
        d.put("omb.cloud.session-expiry-s", Long.toString(7L * 24 * 3600));
        d.put("omb.cloud.keep-alive-s", "30");
        d.put("omb.cloud.ca-file", "");
        d.put("omb.cloud.cert-file", "");
        d.put("omb.cloud.key-file", "");
        d.put("omb.media.cache-max-bytes", "0");
        DEFAULTS = Map.copyOf(d);
    }

    private ConfigLoader() {}

    /**
     * @param yamlFile a YAML file to read, or null; a named file that does not exist is an error
     * @param env the process environment
     * @param props the system properties
     */
    public static EdgeConfig load(Path yamlFile, Map<String, String> env, Map<String, String> props) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        DEFAULTS.forEach((key, value) -> put(root, key, value));
        if (yamlFile != null) {
            mergeYaml(root, yamlFile);
        }
        for (String key : DEFAULTS.keySet()) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                put(root, key, fromEnv);
            }
            String fromProps = props.get(key);
            if (fromProps != null) {
                put(root, key, fromProps);
            }
        }
        return config(new SettingsTree(root.get("omb"), DEFAULTS.keySet()));
    }

    private static EdgeConfig config(SettingsTree s) {
        return new EdgeConfig(
                s.text("omb.bind"),
                s.path("omb.data-dir"),
                new EdgeConfig.Http(
                        s.integer("omb.http.port"),
                        s.integer("omb.http.max-body-bytes"),
                        s.text("omb.http.allowed-origins"),
                        new EdgeConfig.Budget(
                                s.integer("omb.http.budget.guest-burst"),
                                s.integer("omb.http.budget.guest-per-minute"),
                                s.integer("omb.http.budget.parent-burst"),
                                s.integer("omb.http.budget.parent-per-minute"),
                                s.integer("omb.http.budget.addresses")),
                        s.integer("omb.http.header-read-timeout-ms"),
                        s.integer("omb.http.idle-timeout-ms"),
                        s.integer("omb.http.max-connections-per-address"),
                        s.integer("omb.http.max-connections")),
                new EdgeConfig.Socketio(
                        s.integer("omb.socketio.port"),
                        s.integer("omb.socketio.max-payload-bytes"),
                        s.integer("omb.socketio.request-read-timeout-ms"),
                        s.integer("omb.socketio.max-connections-per-address"),
                        s.integer("omb.socketio.max-connections"),
                        s.whole("omb.socketio.polling-bytes-in-flight"),
                        s.integer("omb.socketio.max-sessions"),
                        new EdgeConfig.EventBudgets(
                                s.integer("omb.socketio.budget.guest-per-second"),
                                s.integer("omb.socketio.budget.guest-address-per-second"),
                                s.integer("omb.socketio.budget.parent-per-second"),
                                s.integer("omb.socketio.budget.flood-drops"))),
                new EdgeConfig.Sync(s.integer("omb.sync.history-size")),
                new EdgeConfig.Audio(s.text("omb.audio.output")),
                new EdgeConfig.Nfc(
                        s.text("omb.nfc.reader"),
                        s.integer("omb.nfc.i2c-bus"),
                        s.text("omb.nfc.i2c-address"),
                        s.integer("omb.nfc.poll-interval-ms"),
                        s.integer("omb.nfc.removal-polls")),
                new EdgeConfig.Controls(
                        s.text("omb.controls.enabled"),
                        s.integer("omb.controls.pin-next"),
                        s.integer("omb.controls.pin-previous"),
                        s.integer("omb.controls.pin-encoder-clk"),
                        s.integer("omb.controls.pin-encoder-dt"),
                        s.integer("omb.controls.pin-encoder-sw"),
                        s.integer("omb.controls.debounce-ms"),
                        s.integer("omb.controls.long-press-ms")),
                new EdgeConfig.Uploads(
                        s.whole("omb.uploads.max-file-bytes"),
                        s.integer("omb.uploads.max-age-hours"),
                        s.integer("omb.uploads.max-open-sessions"),
                        s.whole("omb.uploads.space-margin-bytes")),
                new EdgeConfig.Auth(s.text("omb.auth.mode"), s.text("omb.auth.token"), s.flag("omb.auth.read-open")),
                new EdgeConfig.Web(s.text("omb.web.dir"), s.text("omb.web.csp")),
                new EdgeConfig.Player(s.integer("omb.player.controls-per-minute")),
                new CloudSettings(
                        s.text("omb.cloud.url"),
                        s.text("omb.cloud.device-id"),
                        s.text("omb.cloud.username"),
                        s.text("omb.cloud.password"),
                        s.text("omb.cloud.password-file"),
                        s.whole("omb.cloud.session-expiry-s"),
                        s.integer("omb.cloud.keep-alive-s"),
                        s.text("omb.cloud.ca-file"),
                        s.text("omb.cloud.cert-file"),
                        s.text("omb.cloud.key-file")),
                new EdgeConfig.Media(s.whole("omb.media.cache-max-bytes")),
                new EdgeConfig.Setup(
                        s.whole("omb.setup.presence-ms"),
                        s.whole("omb.setup.reset-hold-ms"),
                        s.integer("omb.setup.code-iterations"),
                        s.whole("omb.setup.pairing-code-ms")));
    }

    /** {@code omb.data-dir} is read from {@code OMB_DATA_DIR}. */
    public static String envName(String key) {
        return key.toUpperCase().replace('.', '_').replace('-', '_');
    }

    private static void mergeYaml(ObjectNode root, Path file) {
        JsonNode yaml;
        try {
            yaml = new YAMLMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new EdgeConfig.InvalidConfigException("Cannot read config file " + file + ": " + e.getMessage(), e);
        }
        if (yaml == null || yaml.isMissingNode() || yaml.isNull()) {
            return;
        }
        if (!yaml.isObject() || !yaml.has("omb") || yaml.size() != 1) {
            throw new EdgeConfig.InvalidConfigException("Config file " + file + " must hold one top-level key: omb");
        }
        merge(root, (ObjectNode) yaml);
    }

    private static void merge(ObjectNode target, ObjectNode source) {
        source.fields().forEachRemaining(entry -> {
            JsonNode existing = target.get(entry.getKey());
            if (existing instanceof ObjectNode existingObject && entry.getValue() instanceof ObjectNode incoming) {
                merge(existingObject, incoming);
            } else if (existing instanceof ObjectNode && entry.getValue().isNull()) {
                // A section written with nothing under it ("omb:" or "http:" alone) sets nothing.
            } else {
                target.set(entry.getKey(), entry.getValue());
            }
        });
    }

    private static void put(ObjectNode root, String key, String value) {
        String[] parts = key.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
        }
        node.put(parts[parts.length - 1], value);
    }
}
