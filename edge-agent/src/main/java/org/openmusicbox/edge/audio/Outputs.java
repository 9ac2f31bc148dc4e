package org.openmusicbox.edge.audio;

import java.nio.file.Path;
import org.openmusicbox.edge.audio.file.FileOutput;
import org.openmusicbox.edge.audio.javasound.JavaSoundOutput;
import org.openmusicbox.edge.audio.silent.SilentOutput;
import org.openmusicbox.edge.device.DeviceStatus;

/**
 * Picks the audio output named by {@code omb.audio.output}. A missing or broken sound device never
 * stops the box: it plays silently and health says why.
 */
public final class Outputs {

    private Outputs() {}

    public static AudioOutput open(String spec) {
        if (spec.equals("silent")) {
            return new SilentOutput(DeviceStatus.silent("Audio output set to silent (omb.audio.output)"));
        }
        if (spec.startsWith("file:")) {
            return FileOutput.open(Path.of(spec.substring("file:".length())));
        }
        String mixer = spec.startsWith("device:") ? spec.substring("device:".length()) : null;
        try {
            return JavaSoundOutput.open(mixer);
        } catch (AudioException e) {
            if (spec.equals("auto")) {
                return new SilentOutput(DeviceStatus.silent("No sound device: " + e.getMessage()));
            }
            return new SilentOutput(DeviceStatus.failed(
                    "Sound device " + (mixer == null ? "(default)" : mixer) + " cannot be opened: " + e.getMessage()));
        }
    }
}
