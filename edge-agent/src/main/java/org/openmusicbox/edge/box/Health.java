package org.openmusicbox.edge.box;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openmusicbox.edge.device.DeviceStatus;

/**
 * The box's health as parents and operators see it: one word per component, the reason behind
 * each, and an overall status. Only a broken library (not answering, or failing SQLite's own check
 * of the file) makes the box unhealthy; missing or failed
 * hardware degrades it, since the rest keeps working.
 */
public record Health(String status, Map<String, String> components, Map<String, String> details) {

    public static final String HEALTHY = "healthy";
    public static final String DEGRADED = "degraded";
    public static final String UNHEALTHY = "unhealthy";

    /** @param damage what SQLite's own check found wrong with the library file, null when it passed */
    public static Health of(boolean answers, String damage, DeviceStatus audio, DeviceStatus nfc,
                            DeviceStatus controls, DeviceStatus storage) {
        Map<String, String> components = new LinkedHashMap<>();
        Map<String, String> details = new LinkedHashMap<>();
        boolean databaseOk = answers && damage == null;
        components.put("database", databaseOk ? "connected" : "error");
        details.put("database", !answers ? "SQLite library does not answer" : damage != null ? damage
                : "SQLite library answers");
        components.put("audio", audio.word());
        details.put("audio", audio.detail());
        components.put("nfc", nfc.word());
        details.put("nfc", nfc.detail());
        components.put("controls", controls.word());
        details.put("controls", controls.detail());
        components.put("storage", storage.word());
        details.put("storage", storage.detail());
        // Named already so that pages and operators see the part exists; the cloud link is a later issue.
        components.put("cloud", "disabled");
        details.put("cloud", "No cloud link is set up; the box works fully on the home network "
                + "(YouTube import and remote control need the cloud)");
        String status;
        if (!databaseOk) {
            status = UNHEALTHY;
        } else if (audio.state() == DeviceStatus.State.FAILED || nfc.state() == DeviceStatus.State.FAILED
                || controls.state() == DeviceStatus.State.FAILED || storage.state() == DeviceStatus.State.FAILED) {
            status = DEGRADED;
        } else {
            status = HEALTHY;
        }
        // Kept in this order (database, audio, nfc, controls, storage, cloud) so that the answer reads the same every time.
        return new Health(status, Collections.unmodifiableMap(components), Collections.unmodifiableMap(details));
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
