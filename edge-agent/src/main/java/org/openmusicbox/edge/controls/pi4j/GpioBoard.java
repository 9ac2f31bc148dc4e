package org.openmusicbox.edge.controls.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.IOType;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.openmusicbox.edge.controls.Buttons;
import org.openmusicbox.edge.controls.NoButtons;
import org.openmusicbox.edge.device.DeviceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this machine's GPIO can carry the buttons, and starting pi4j on it: is this a Raspberry
 * Pi (the kernel's board name), may this user open its GPIO character devices, does pi4j's libgpiod
 * provider start. Wiring the pins is {@link Pi4jButtons}'s job.
 */
final class GpioBoard {

    /** Where the kernel names the board; Raspberry Pi OS says "Raspberry Pi Zero 2 W Rev 1.0" and the like. */
    private static final Path DEVICE_TREE_MODEL = Path.of("/proc/device-tree/model");

    // Health and logs speak of the buttons, whichever class finds the problem.
    private static final Logger log = LoggerFactory.getLogger(Pi4jButtons.class);

    private GpioBoard() {}

    /** See {@link Pi4jButtons#open(Pi4jButtons.Pins, Duration, Duration, boolean)}; durations already checked. */
    static Buttons open(Pi4jButtons.Pins pins, Duration debounce, Duration longPress, boolean expected) {
        String model = raspberryPiModel(DEVICE_TREE_MODEL);
        if (model == null) {
            String why = "No GPIO on this machine (not a Raspberry Pi)";
            DeviceStatus status = expected
                    ? DeviceStatus.failed(why + ", but omb.controls.enabled=true")
                    : DeviceStatus.simulated(why + "; the web UI stands in for the buttons");
            log.info("Buttons: {}", status.detail());
            return new NoButtons(status, longPress.toMillis());
        }
        String problem = gpioChipProblem(Path.of("/dev"));
        if (problem != null) {
            log.warn("Buttons: {}", problem);
            return new NoButtons(DeviceStatus.failed(problem), longPress.toMillis());
        }
        Context context = null;
        try {
            context = Pi4J.newContextBuilder()
                    .noAutoDetect()
                    .noAutoInject()
                    .disableShutdownHook()
                    .add(GpioDDigitalInputProvider.newInstance())
                    .build();
            if (!context.providers().exists(IOType.DIGITAL_INPUT)) {
                throw new IllegalStateException("pi4j's libgpiod provider did not start (its error is logged above)");
            }
            Pi4jButtons buttons = new Pi4jButtons(context, true, pins, debounce, longPress);
            log.info("Buttons: {} on {}", buttons.status().detail(), model);
            return buttons;
        } catch (RuntimeException | LinkageError e) {
            if (context != null) {
                shutDown(context);
            }
            String why = "GPIO " + pins.describe() + " cannot be used: " + rootMessage(e);
            log.warn("Buttons: {}", why, e);
            return new NoButtons(DeviceStatus.failed(why), longPress.toMillis());
        }
    }

    /** The board's name when it is a Raspberry Pi, else null. */
    static String raspberryPiModel(Path deviceTreeModel) {
        try {
            String model = new String(Files.readAllBytes(deviceTreeModel), StandardCharsets.US_ASCII)
                    .replace("\0", "")
                    .trim();
            return model.startsWith("Raspberry Pi") ? model : null;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** Why the GPIO character devices under {@code dev} cannot be used, or null when they can. */
    static String gpioChipProblem(Path dev) {
        List<Path> chips;
        try (Stream<Path> files = Files.list(dev)) {
            chips = files.filter(p -> p.getFileName().toString().startsWith("gpiochip"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return "Cannot look for GPIO devices in " + dev + ": " + e.getMessage();
        }
        if (chips.isEmpty()) {
            return "No GPIO character device (" + dev.resolve("gpiochip*") + ") on this Raspberry Pi";
        }
        for (Path chip : chips) {
            // libgpiod opens every chip to find the header's, so each one must be usable.
            if (!Files.isReadable(chip) || !Files.isWritable(chip)) {
                return "No permission to use " + chip + ": run the agent as a user in the 'gpio' group";
            }
        }
        return null;
    }

    /** Stops pi4j; a failure is logged, as there is nothing more to do about it. */
    static void shutDown(Context context) {
        try {
            context.shutdown();
        } catch (RuntimeException e) {
            log.warn("Buttons: stopping pi4j failed: {}", e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
