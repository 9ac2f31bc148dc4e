package org.openmusicbox.edge.box;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openmusicbox.edge.device.DeviceStatus;
import org.openmusicbox.edge.device.LinkStatus;

/**
 * The box's health as parents and operators see it: one word per component, the reason behind
 * each, an overall status, and the original's {@code services} booleans (docs/protocol.md,
 * "Differences from the original"), each true only when that part of this box really works. Only a
 * broken library (not answering, or failing SQLite's own check of the file) makes the box unhealthy;
 * missing or failed hardware degrades it, since the rest keeps working. The cloud link is information
 * only: the box plays without the internet, so an offline cloud changes neither the status nor a service.
 */
public record Health(
        String status, Map<String, String> components, Map<String, String> details, Map<String, Boolean> services) {

    public static final String HEALTHY = "healthy";
    public static final String DEGRADED = "degraded";
    public static final String UNHEALTHY = "unhealthy";

    /** The cloud part of a box without a cloud link. */
    public static final LinkStatus NO_CLOUD =
            LinkStatus.disabled("No cloud link is set up; the box works fully on the home network "
                    + "(YouTube import and remote control need the cloud)");

    /** As {@link #of(boolean, String, DeviceStatus, DeviceStatus, DeviceStatus, DeviceStatus, boolean, LinkStatus)} without a cloud link. */
    public static Health of(
            boolean answers,
            String damage,
            DeviceStatus audio,
            DeviceStatus nfc,
            DeviceStatus controls,
            DeviceStatus storage,
            boolean socketIo) {
        return of(answers, damage, audio, nfc, controls, storage, socketIo, NO_CLOUD);
    }

    /**
     * @param damage what SQLite's own check found wrong with the library file, null when it passed
     * @param socketIo whether the Socket.IO server has started
     * @param cloud the link to the cloud's broker
     */
    public static Health of(
            boolean answers,
            String damage,
            DeviceStatus audio,
            DeviceStatus nfc,
            DeviceStatus controls,
            DeviceStatus storage,
            boolean socketIo,
            LinkStatus cloud) {
        Map<String, String> components = new LinkedHashMap<>();
        Map<String, String> details = new LinkedHashMap<>();
        boolean databaseOk = answers && damage == null;
        components.put("database", databaseOk ? "connected" : "error");
        details.put(
                "database",
                !answers ? "SQLite library does not answer" : damage != null ? damage : "SQLite library answers");
        components.put("audio", audio.word());
        details.put("audio", audio.detail());
        components.put("nfc", nfc.word());
        details.put("nfc", nfc.detail());
        components.put("controls", controls.word());
        details.put("controls", controls.detail());
        components.put("storage", storage.word());
        details.put("storage", storage.detail());
        components.put("cloud", cloud.word());
        details.put(
                "cloud", cloud.since() == null ? cloud.detail() : cloud.detail() + " (since " + cloud.since() + ")");
        String status;
        if (!databaseOk) {
            status = UNHEALTHY;
        } else if (audio.state() == DeviceStatus.State.FAILED
                || nfc.state() == DeviceStatus.State.FAILED
                || controls.state() == DeviceStatus.State.FAILED
                || storage.state() == DeviceStatus.State.FAILED) {
            status = DEGRADED;
        } else {
            status = HEALTHY;
        }
        // Kept in this order (database, audio, nfc, controls, storage, cloud) so that the answer reads the same every
        // time.
        Map<String, Boolean> services = new LinkedHashMap<>();
        // The API serves the library; without it every library route is refused.
        services.put("api", databaseOk);
        // Only real, working hardware counts: silent audio and the simulated reader play no music and read no tag.
        services.put("audio", audio.state() == DeviceStatus.State.AVAILABLE);
        services.put("nfc", nfc.state() == DeviceStatus.State.AVAILABLE);
        services.put("gpio", controls.state() == DeviceStatus.State.AVAILABLE);
        // The box has no LED hat support at all.
        services.put("led_hat", false);
        services.put("websocket", socketIo);
        return new Health(
                status,
                Collections.unmodifiableMap(components),
                Collections.unmodifiableMap(details),
                Collections.unmodifiableMap(services));
    }

    /** The first failing component, for {@code health_error}; null when none fails. */
    public String failingComponent() {
        return components.entrySet().stream()
                .filter(e -> e.getValue().equals("error") || e.getValue().equals("failed"))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }
}
