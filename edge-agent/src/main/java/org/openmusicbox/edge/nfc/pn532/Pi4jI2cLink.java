package org.openmusicbox.edge.nfc.pn532;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link Pn532Link} on a pi4j {@link I2C} device. It owns its pi4j context: closing the link
 * shuts the context down. pi4j's own exceptions become {@link IOException}s naming the bus.
 */
final class Pi4jI2cLink implements Pn532Link {

    private final Context context;
    private final I2C i2c;
    private final String where;

    /**
     * Opens {@code /dev/i2c-<bus>} through pi4j's linuxfs provider, and nothing else of pi4j: no
     * plugin scan, no platform detection.
     *
     * @throws IOException when the bus does not exist or cannot be opened (I2C not enabled, no permission)
     */
    static Pi4jI2cLink open(int bus, int address) throws IOException {
        // Checked first so that a machine without I2C does not start pi4j at all: its board
        // detection logs errors on anything that is not a Raspberry Pi.
        Path device = Path.of("/dev/i2c-" + bus);
        if (!Files.exists(device)) {
            throw new IOException("I2C bus " + bus + " does not exist (no " + device + ")");
        }
        Context context;
        try {
            context = Pi4J.newContextBuilder()
                    .noAutoDetect()
                    .disableShutdownHook()
                    .add(LinuxFsI2CProvider.newInstance())
                    .build();
        } catch (RuntimeException | LinkageError e) {
            throw new IOException("pi4j could not start: " + reason(e), e);
        }
        return on(context, bus, address);
    }

    /** Opens the device on {@code context}'s I2C provider; the link owns the context from then on. */
    static Pi4jI2cLink on(Context context, int bus, int address) throws IOException {
        String where = where(bus, address);
        try {
            I2C i2c = context.create(I2C.newConfigBuilder(context)
                    .id("omb-nfc-pn532")
                    .name("PN532 NFC reader")
                    .bus(bus)
                    .device(address));
            return new Pi4jI2cLink(context, i2c, where);
        } catch (RuntimeException | LinkageError e) {
            shutdownQuietly(context);
            throw new IOException(where + " cannot be opened: " + reason(e), e);
        }
    }

    private Pi4jI2cLink(Context context, I2C i2c, String where) {
        this.context = context;
        this.i2c = i2c;
        this.where = where;
    }

    static String where(int bus, int address) {
        return String.format("I2C bus %d address 0x%02x", bus, address);
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        int written;
        try {
            written = i2c.write(bytes, 0, bytes.length);
        } catch (RuntimeException e) {
            throw new IOException("writing to " + where + " failed: " + reason(e), e);
        }
        if (written != bytes.length) {
            throw new IOException("wrote " + written + " of " + bytes.length + " bytes to " + where);
        }
    }

    @Override
    public byte[] read(int length) throws IOException {
        byte[] buffer = new byte[length];
        int read;
        try {
            read = i2c.read(buffer, 0, length);
        } catch (RuntimeException e) {
            throw new IOException("reading from " + where + " failed: " + reason(e), e);
        }
        if (read != length) {
            throw new IOException("read " + Math.max(read, 0) + " of " + length + " bytes from " + where);
        }
        return buffer;
    }

    @Override
    public String where() {
        return where;
    }

    /** For tests: the pi4j device this link talks to. */
    I2C device() {
        return i2c;
    }

    @Override
    public void close() {
        try {
            i2c.close();
        } catch (RuntimeException ignored) {
            // Closing a device whose bus is gone fails; the context shutdown below releases what is left.
        }
        shutdownQuietly(context);
    }

    private static void shutdownQuietly(Context context) {
        try {
            context.shutdown();
        } catch (RuntimeException ignored) {
            // Nothing left to release that the process exit would not.
        }
    }

    /** The exception's message and, when it adds something, its cause's: pi4j wraps the useful part. */
    private static String reason(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += " (" + cause.getMessage() + ")";
        }
        return message;
    }
}
