package org.openmusicbox.edge.controls.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openmusicbox.edge.controls.Buttons;
import org.openmusicbox.edge.device.DeviceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The next and previous buttons and the volume knob (a KY-040 style rotary encoder with a push
 * button) on the Raspberry Pi's GPIO header, through pi4j 2 and its libgpiod provider.
 *
 * <p>Every input uses the Pi's internal pull-up, so a button or encoder contact wired to ground
 * reads low when closed. Buttons are debounced here rather than by pi4j (see
 * {@link DebouncedButton}); the encoder is decoded from its state transitions (see
 * {@link QuadratureDecoder}), which bounce cannot fool. pi4j's own filtering is off on every pin.
 *
 * <p>All decisions and all calls to the {@link Listener} happen on one thread, {@code
 * omb-controls}: a listener should hand the press on (to the box's inbox) and return.
 *
 * <p>{@link #open} never throws for missing or broken hardware: without GPIO it returns controls
 * that report nothing and say why in {@link #status()}. Finding out whether the board's GPIO can be
 * used is {@link GpioBoard}'s job; this class wires the pins.
 */
public final class Pi4jButtons implements Buttons {

    /**
     * Long enough for the contact bounce of common push buttons (a few milliseconds, rarely 20),
     * short enough that a child pressing "next" twice quickly gets two presses and that the press
     * feels immediate. The original's 0.3 s swallowed a second press within 0.3 s.
     */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(50);

    /** As in the original. */
    public static final Duration DEFAULT_LONG_PRESS = Duration.ofSeconds(2);

    static final String NEXT_ID = "omb-controls-next";
    static final String PREVIOUS_ID = "omb-controls-previous";
    static final String ENCODER_CLK_ID = "omb-controls-encoder-clk";
    static final String ENCODER_DT_ID = "omb-controls-encoder-dt";
    static final String ENCODER_SW_ID = "omb-controls-encoder-sw";

    private static final Logger log = LoggerFactory.getLogger(Pi4jButtons.class);

    /**
     * Where the controls are wired, as BCM GPIO numbers (not header pin numbers).
     *
     * @param encoderClk the encoder's CLK (A) line
     * @param encoderDt the encoder's DT (B) line; swap the two if the knob turns the wrong way
     * @param encoderSw the encoder's push button: play/pause
     */
    public record Pins(int next, int previous, int encoderClk, int encoderDt, int encoderSw) {

        /** The original box's wiring. */
        public static final Pins DEFAULTS = new Pins(16, 26, 7, 24, 23);

        /** @throws IllegalArgumentException for a number outside the header's GPIO 0..27, or a pin used twice */
        public Pins {
            int[] all = {next, previous, encoderClk, encoderDt, encoderSw};
            for (int pin : all) {
                if (pin < 0 || pin > 27) {
                    throw new IllegalArgumentException(
                            "GPIO " + pin + " is not on the header: BCM numbers are 0 to 27");
                }
            }
            if (IntStream.of(all).distinct().count() != all.length) {
                throw new IllegalArgumentException("Each control needs its own GPIO, got next " + next + ", previous "
                        + previous + ", encoder CLK " + encoderClk + ", DT " + encoderDt + ", SW " + encoderSw);
            }
        }

        /** For health and logs: "next GPIO16, previous GPIO26, encoder CLK GPIO7 / DT GPIO24 / push GPIO23". */
        public String describe() {
            return "next GPIO" + next + ", previous GPIO" + previous + ", encoder CLK GPIO" + encoderClk + " / DT GPIO"
                    + encoderDt + " / push GPIO" + encoderSw;
        }
    }

    private final Context context;
    private final boolean ownsContext;
    private final ScheduledThreadPoolExecutor controlsThread;
    private final List<DigitalInput> inputs = new ArrayList<>();
    private final DebouncedButton next;
    private final DebouncedButton previous;
    private final DebouncedButton playPause;
    private final QuadratureDecoder encoder;
    private final DeviceStatus status;
    /** The encoder lines' levels; only the controls thread touches them. */
    private boolean clk;

    private boolean dt;
    private volatile Listener listener;
    private boolean closed;

    /**
     * Opens the controls on this machine's GPIO, or returns controls that report nothing when there
     * is none. Same as {@code open(pins, debounce, longPress, false)}.
     */
    public static Buttons open(Pins pins, Duration debounce, Duration longPress) {
        return open(pins, debounce, longPress, false);
    }

    /**
     * Opens the controls on this machine's GPIO. Never throws for missing or broken hardware; the
     * returned controls' {@link #status()} says what happened:
     * <ul>
     *   <li>AVAILABLE: the five pins are claimed and watched;</li>
     *   <li>SIMULATED: this is not a Raspberry Pi, so there are no buttons; the web UI sends the same
     *       commands (a laptop, CI). With {@code expected} this is FAILED instead;</li>
     *   <li>FAILED, with the reason: a Raspberry Pi whose GPIO cannot be used (no permission on
     *       {@code /dev/gpiochip*}, a pin held by another program, libgpiod not loading).</li>
     * </ul>
     *
     * @param expected the configuration says buttons are fitted ({@code omb.controls.enabled=true})
     * @throws IllegalArgumentException for durations out of range (a configuration error)
     */
    public static Buttons open(Pins pins, Duration debounce, Duration longPress, boolean expected) {
        checkDurations(debounce, longPress);
        return GpioBoard.open(pins, debounce, longPress, expected);
    }

    /** Claims the pins in {@code context}, which the caller keeps: {@link #close()} releases the pins only. */
    Pi4jButtons(Context context, Pins pins, Duration debounce, Duration longPress) {
        this(context, false, pins, debounce, longPress);
    }

    /** @param ownsContext {@link #close()} also stops pi4j */
    Pi4jButtons(Context context, boolean ownsContext, Pins pins, Duration debounce, Duration longPress) {
        checkDurations(debounce, longPress);
        this.context = context;
        this.ownsContext = ownsContext;
        this.controlsThread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "omb-controls");
            t.setDaemon(true);
            return t;
        });
        controlsThread.setRemoveOnCancelPolicy(true);
        DigitalInput nextIn;
        DigitalInput previousIn;
        DigitalInput clkIn;
        DigitalInput dtIn;
        DigitalInput swIn;
        try {
            nextIn = claim(NEXT_ID, "Next button", pins.next());
            previousIn = claim(PREVIOUS_ID, "Previous button", pins.previous());
            clkIn = claim(ENCODER_CLK_ID, "Volume knob CLK", pins.encoderClk());
            dtIn = claim(ENCODER_DT_ID, "Volume knob DT", pins.encoderDt());
            swIn = claim(ENCODER_SW_ID, "Volume knob push", pins.encoderSw());
        } catch (RuntimeException e) {
            releasePins();
            controlsThread.shutdownNow();
            throw e;
        }
        long debounceNanos = debounce.toNanos();
        long longPressNanos = longPress.toNanos();
        next = new DebouncedButton(
                Press.NEXT,
                Press.NEXT_LONG,
                pressed(nextIn.state()),
                debounceNanos,
                longPressNanos,
                controlsThread,
                this::emit,
                down -> held(Button.NEXT, down));
        previous = new DebouncedButton(
                Press.PREVIOUS,
                Press.PREVIOUS_LONG,
                pressed(previousIn.state()),
                debounceNanos,
                longPressNanos,
                controlsThread,
                this::emit,
                down -> held(Button.PREVIOUS, down));
        playPause = new DebouncedButton(
                Press.PLAY_PAUSE,
                Press.PLAY_PAUSE_LONG,
                pressed(swIn.state()),
                debounceNanos,
                longPressNanos,
                controlsThread,
                this::emit,
                down -> held(Button.PLAY_PAUSE, down));
        clk = clkIn.state() == DigitalState.HIGH;
        dt = dtIn.state() == DigitalState.HIGH;
        encoder = new QuadratureDecoder(clk, dt);
        // Listen only now that the starting levels are known. An edge in the moment between is
        // missed; the next one puts things right (the knob at its next rest).
        watchButton(nextIn, next);
        watchButton(previousIn, previous);
        watchButton(swIn, playPause);
        clkIn.addListener(event -> {
            if (event.state() != DigitalState.UNKNOWN) {
                boolean high = event.state() == DigitalState.HIGH;
                post(() -> encoderEdge(true, high));
            }
        });
        dtIn.addListener(event -> {
            if (event.state() != DigitalState.UNKNOWN) {
                boolean high = event.state() == DigitalState.HIGH;
                post(() -> encoderEdge(false, high));
            }
        });
        status = DeviceStatus.available("GPIO " + pins.describe());
    }

    @Override
    public void start(Listener newListener) {
        this.listener = newListener;
    }

    @Override
    public DeviceStatus status() {
        return status;
    }

    /** Stops reporting and releases the pins (and pi4j, when {@link #open} started it). */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        listener = null;
        releasePins();
        if (ownsContext) {
            GpioBoard.shutDown(context);
        }
        controlsThread.shutdownNow();
    }

    /** For tests: every button released and settled, the knob at rest, nothing pending. */
    boolean settled() throws Exception {
        return controlsThread
                .submit(() -> next.idle() && previous.idle() && playPause.idle() && encoder.atRest())
                .get(5, TimeUnit.SECONDS);
    }

    private DigitalInput claim(String id, String name, int bcm) {
        DigitalInput input = context.create(DigitalInput.newConfigBuilder(context)
                .id(id)
                .name(name)
                .address(bcm)
                .pull(PullResistance.PULL_UP)
                .debounce(0L) // debounced here: pi4j's filter would delay the encoder's edges
                .build());
        inputs.add(input);
        return input;
    }

    private void releasePins() {
        for (DigitalInput input : inputs) {
            try {
                context.shutdown(input.id());
            } catch (RuntimeException e) {
                log.warn("Buttons: releasing {} failed: {}", input.id(), e.getMessage());
            }
        }
        inputs.clear();
    }

    private void watchButton(DigitalInput input, DebouncedButton button) {
        input.addListener(event -> {
            if (event.state() != DigitalState.UNKNOWN) {
                boolean pressed = pressed(event.state());
                long at = System.nanoTime();
                post(() -> button.edge(pressed, at));
            }
        });
    }

    private void encoderEdge(boolean isClk, boolean high) {
        if (isClk) {
            clk = high;
        } else {
            dt = high;
        }
        int detents = encoder.update(clk, dt);
        if (detents != 0) {
            Listener l = listener;
            if (l != null) {
                try {
                    l.turned(detents);
                } catch (RuntimeException e) {
                    log.warn("Buttons: listener failed on a turn of {}", detents, e);
                }
            }
        }
    }

    /** Runs on the controls thread, after everything posted or due before it. */
    private void post(Runnable task) {
        try {
            controlsThread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("Buttons: handling an edge failed", e);
                }
            });
        } catch (RejectedExecutionException closing) {
            // closed: the edge no longer matters
        }
    }

    private void emit(Press press) {
        Listener l = listener;
        if (l != null) {
            try {
                l.pressed(press);
            } catch (RuntimeException e) {
                log.warn("Buttons: listener failed on {}", press, e);
            }
        }
    }

    private void held(Button button, boolean down) {
        Listener l = listener;
        if (l != null) {
            try {
                if (down) {
                    l.down(button);
                } else {
                    l.up(button);
                }
            } catch (RuntimeException e) {
                log.warn("Buttons: listener failed on {} {}", button, down ? "down" : "up", e);
            }
        }
    }

    /** Wired to ground with a pull-up: closed reads low. */
    private static boolean pressed(DigitalState state) {
        return state == DigitalState.LOW;
    }

    private static void checkDurations(Duration debounce, Duration longPress) {
        if (debounce.isNegative()) {
            throw new IllegalArgumentException("Button debounce cannot be negative: " + debounce.toMillis() + " ms");
        }
        if (longPress.compareTo(debounce) <= 0) {
            throw new IllegalArgumentException("A long press (" + longPress.toMillis()
                    + " ms) must be longer than the debounce time (" + debounce.toMillis() + " ms)");
        }
    }
}
