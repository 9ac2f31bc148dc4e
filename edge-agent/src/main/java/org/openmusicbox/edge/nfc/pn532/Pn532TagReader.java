package org.openmusicbox.edge.nfc.pn532;

import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openmusicbox.edge.device.DeviceStatus;
import org.openmusicbox.edge.nfc.TagReader;
import org.openmusicbox.edge.nfc.TagUid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PN532 NFC reader. One daemon thread polls the chip for a type A tag every poll interval and
 * turns what it sees into events:
 * <ul>
 *   <li>{@code placed} once when a tag appears, however many polls it then rests on the reader;</li>
 *   <li>{@code lifted} once when the tag has been absent for {@code removalPolls} polls in a row,
 *       so a single missed read does not count as a lift;</li>
 *   <li>a different tag gives {@code lifted} of the old one, then {@code placed} of the new one.</li>
 * </ul>
 * Listeners are called on the polling thread and should hand the event on quickly.
 *
 * <p>A reader that fails is a status, never an exception out of {@link #open} or {@link #start}:
 * no I2C bus gives {@code FAILED} for good; a chip that does not answer, or stops answering, gives
 * {@code FAILED} with the reason while the thread keeps trying again with a growing pause (up to
 * {@code maxBackoff}), and {@code AVAILABLE} when the chip answers again. While the reader is
 * failing, no {@code lifted} is reported: silence from a broken reader is not a lifted tag.
 */
public final class Pn532TagReader implements TagReader {

    public static final int DEFAULT_BUS = 1;
    public static final int DEFAULT_ADDRESS = 0x24;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);
    public static final int DEFAULT_REMOVAL_POLLS = 3;
    /** Failed polls in a row that are retried silently before the reader reports FAILED. */
    public static final int DEFAULT_RETRIES = 3;

    private static final Logger log = LoggerFactory.getLogger(Pn532TagReader.class);
    private static final HexFormat HEX = HexFormat.of();

    /**
     * How the reader polls.
     *
     * @param timeout how long to wait for each ACK and answer of the chip
     * @param maxBackoff the longest pause between attempts to reach a chip that does not answer
     */
    record Settings(Duration pollInterval, int removalPolls, int retries, Duration timeout, Duration maxBackoff) {
        Settings {
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (pollInterval.isNegative() || pollInterval.isZero() || pollInterval.toMillis() > 10_000) {
                throw new IllegalArgumentException("The NFC poll interval is 1 ms to 10 s, not " + pollInterval);
            }
            if (removalPolls < 1 || removalPolls > 1000) {
                throw new IllegalArgumentException("NFC removal polls are 1 to 1000, not " + removalPolls);
            }
            if (retries < 0 || retries > 100) {
                throw new IllegalArgumentException("NFC retries are 0 to 100, not " + retries);
            }
        }

        static Settings of(Duration pollInterval, int removalPolls, int retries) {
            return new Settings(pollInterval, removalPolls, retries, Duration.ofMillis(200), Duration.ofSeconds(5));
        }
    }

    private final Pn532Link link;
    private final Pn532 chip;
    private final String where;
    private final Settings settings;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile DeviceStatus status;
    private volatile boolean closed;
    private Thread poller;
    private Listener listener;

    // Touched only by whichever thread owns the chip: open()'s caller before start, the poller after.
    private boolean connected;
    private String lastFailure;
    private int failedPolls;
    private TagUid resting;
    private int emptyPolls;

    /**
     * Opens the PN532 on an I2C bus with the default number of retries. Never throws for missing or
     * silent hardware and returns within about a second: check {@link #status()}.
     *
     * @param address the 7-bit I2C address, 0x24 for the PN532
     * @throws IllegalArgumentException for values out of range (the configuration checks them first)
     */
    public static Pn532TagReader open(int bus, int address, Duration pollInterval, int removalPolls) {
        return open(bus, address, pollInterval, removalPolls, DEFAULT_RETRIES);
    }

    /**
     * Opens the PN532 on an I2C bus and asks it for its firmware version. Never throws for missing
     * or silent hardware and returns within about a second: check {@link #status()}.
     *
     * @param retries failed polls in a row retried before the status turns FAILED
     * @throws IllegalArgumentException for values out of range (the configuration checks them first)
     */
    public static Pn532TagReader open(int bus, int address, Duration pollInterval, int removalPolls, int retries) {
        if (bus < 0 || bus > 255) {
            throw new IllegalArgumentException("The I2C bus is 0 to 255, not " + bus);
        }
        if (address < 0x03 || address > 0x77) {
            throw new IllegalArgumentException(String.format("An I2C address is 0x03 to 0x77, not 0x%02x", address));
        }
        Settings settings = Settings.of(pollInterval, removalPolls, retries);
        Pn532Link link;
        try {
            link = Pi4jI2cLink.open(bus, address);
        } catch (IOException e) {
            String reason = "No PN532: " + e.getMessage().replaceAll("\\.+$", "")
                    + ". Is I2C enabled (raspi-config nonint do_i2c 0, then reboot)?";
            log.warn("NFC reader: {}", reason);
            return new Pn532TagReader(reason, settings);
        }
        Pn532TagReader reader = new Pn532TagReader(link, settings);
        reader.connect();
        return reader;
    }

    /** A reader over any link, for tests; nothing is sent until {@link #start} or {@link #connect}. */
    Pn532TagReader(Pn532Link link, Settings settings) {
        this.link = link;
        this.chip = new Pn532(link, settings.timeout());
        this.where = link.where();
        this.settings = settings;
        this.status = DeviceStatus.failed("PN532 on " + where + ": not contacted yet");
    }

    /** A reader without a bus: it stays FAILED with {@code reason}. */
    private Pn532TagReader(String reason, Settings settings) {
        this.link = null;
        this.chip = null;
        this.where = "no I2C bus";
        this.settings = settings;
        this.status = DeviceStatus.failed(reason);
    }

    @Override
    public synchronized void start(Listener newListener) {
        Objects.requireNonNull(newListener, "listener");
        if (listener != null) {
            throw new IllegalStateException("The PN532 reader is already started");
        }
        listener = newListener;
        if (link == null || closed) {
            return;
        }
        poller = new Thread(this::pollUntilClosed, "nfc-pn532");
        poller.setDaemon(true);
        poller.start();
    }

    @Override
    public DeviceStatus status() {
        return status;
    }

    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            thread = poller;
        }
        stop.countDown();
        if (thread != null) {
            try {
                thread.join(settings.timeout()
                                .multipliedBy(3)
                                .plus(settings.pollInterval())
                                .toMillis()
                        + 1000);
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (link != null) {
            link.close();
        }
    }

    /** For tests: whether the polling thread is running. */
    boolean polling() {
        Thread thread;
        synchronized (this) {
            thread = poller;
        }
        return thread != null && thread.isAlive();
    }

    /**
     * Asks the chip for its firmware and puts it in normal mode, retrying up to {@code retries}
     * times. Sets the status either way.
     *
     * @return whether the chip answered
     */
    boolean connect() {
        IOException failure = null;
        for (int attempt = 0; attempt <= settings.retries() && !closed; attempt++) {
            try {
                Pn532.Firmware firmware = chip.firmwareVersion();
                chip.configureNormalMode();
                chip.limitActivationRetries();
                connected = true;
                failedPolls = 0;
                lastFailure = null;
                status = DeviceStatus.available("PN532 " + firmware.text() + " on " + where);
                log.info("NFC reader: {}", status.detail());
                return true;
            } catch (IOException e) {
                failure = e;
            }
        }
        connected = false;
        String reason = failure == null ? "closed" : failure.getMessage();
        status = DeviceStatus.failed("PN532 on " + where + " does not answer: " + reason);
        if (!reason.equals(lastFailure)) {
            log.warn("NFC reader: {}", status.detail());
            lastFailure = reason;
        }
        return false;
    }

    private void pollUntilClosed() {
        Duration backoff = settings.pollInterval();
        while (!closed) {
            if (!connected) {
                if (connect()) {
                    backoff = settings.pollInterval();
                } else {
                    if (pause(backoff)) {
                        return;
                    }
                    backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
                    continue;
                }
            }
            pollOnce();
            if (pause(settings.pollInterval())) {
                return;
            }
        }
    }

    private void pollOnce() {
        Optional<byte[]> uid;
        try {
            uid = chip.readPassiveTarget();
        } catch (IOException e) {
            if (closed) {
                return;
            }
            failedPolls++;
            if (failedPolls > settings.retries()) {
                connected = false;
                lastFailure = e.getMessage();
                status = DeviceStatus.failed(
                        "PN532 on " + where + " stopped answering: " + e.getMessage() + "; trying again");
                log.warn("NFC reader: {}", status.detail());
            } else {
                log.debug("NFC reader: poll {} of {} failed: {}", failedPolls, settings.retries() + 1, e.getMessage());
            }
            return;
        }
        failedPolls = 0;
        seen(uid.map(bytes -> new TagUid(HEX.formatHex(bytes))));
    }

    private void seen(Optional<TagUid> tag) {
        if (tag.isPresent()) {
            emptyPolls = 0;
            TagUid now = tag.get();
            if (now.equals(resting)) {
                return;
            }
            if (resting != null) {
                notifyLifted(resting);
            }
            resting = now;
            notifyPlaced(now);
            return;
        }
        if (resting != null && ++emptyPolls >= settings.removalPolls()) {
            TagUid gone = resting;
            resting = null;
            emptyPolls = 0;
            notifyLifted(gone);
        }
    }

    private void notifyPlaced(TagUid tag) {
        log.debug("NFC reader: tag {} placed", tag);
        try {
            listener.placed(tag);
        } catch (RuntimeException e) {
            log.warn("NFC reader: the listener failed on tag {} placed", tag, e);
        }
    }

    private void notifyLifted(TagUid tag) {
        log.debug("NFC reader: tag {} lifted", tag);
        try {
            listener.lifted(tag);
        } catch (RuntimeException e) {
            log.warn("NFC reader: the listener failed on tag {} lifted", tag, e);
        }
    }

    /** @return true when the reader was closed meanwhile */
    private boolean pause(Duration duration) {
        try {
            return stop.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            return true;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
