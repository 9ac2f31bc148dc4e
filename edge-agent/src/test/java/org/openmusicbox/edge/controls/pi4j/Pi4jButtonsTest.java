package org.openmusicbox.edge.controls.pi4j;

import static com.pi4j.io.gpio.digital.DigitalState.HIGH;
import static com.pi4j.io.gpio.digital.DigitalState.LOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.openmusicbox.edge.controls.Buttons.Press.NEXT;
import static org.openmusicbox.edge.controls.Buttons.Press.NEXT_LONG;
import static org.openmusicbox.edge.controls.Buttons.Press.PLAY_PAUSE;
import static org.openmusicbox.edge.controls.Buttons.Press.PLAY_PAUSE_LONG;
import static org.openmusicbox.edge.controls.Buttons.Press.PREVIOUS;
import static org.openmusicbox.edge.controls.Buttons.Press.PREVIOUS_LONG;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.controls.Buttons;
import org.openmusicbox.edge.controls.pi4j.Pi4jButtons.Pins;
import org.openmusicbox.edge.device.DeviceStatus;

/**
 * Drives the adapter through pi4j's mock GPIO: {@link MockDigitalInput#mockState} fires the same
 * change events a real pin does. Buttons are wired to ground with pull-ups, so LOW is pressed.
 *
 * <p>Nothing here sleeps to wait for a result: each test waits for the events it expects with a
 * deadline, then for the adapter to settle (every release debounced, the knob at rest), and only
 * then checks that nothing else was reported. The only sleeps are the time a finger holds a
 * button, several debounce times and far from the long-press time.
 */
class Pi4jButtonsTest {

    private static final Duration DEBOUNCE = Duration.ofMillis(20);
    /**
     * For the tests that chatter: the chatter (a millisecond between edges, under 10 ms in all) must
     * stay well inside the debounce time even on a busy machine.
     */
    private static final Duration LONG_DEBOUNCE = Duration.ofMillis(100);

    private static final long LONG_HOLD_MS = 5 * LONG_DEBOUNCE.toMillis();
    /** How long a finger holds a short press: well past the debounce time, far from a long press. */
    private static final long HOLD_MS = 5 * DEBOUNCE.toMillis();

    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private Context context;
    private Pi4jButtons buttons;
    private final Recorder events = new Recorder();

    @BeforeEach
    void mockGpio() {
        context = Pi4J.newContextBuilder()
                .noAutoDetect()
                .disableShutdownHook()
                .add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance())
                .build();
    }

    @AfterEach
    void shutDown() {
        if (buttons != null) {
            buttons.close();
        }
        context.shutdown();
    }

    @Test
    void aShortPressOfEachButtonIsReportedOnceOnRelease() throws Exception {
        open(Pi4jButtons.DEFAULT_LONG_PRESS);

        press(Pi4jButtons.NEXT_ID);
        press(Pi4jButtons.PREVIOUS_ID);
        press(Pi4jButtons.ENCODER_SW_ID);

        events.await(3);
        awaitSettled();
        assertEquals(List.of(NEXT, PREVIOUS, PLAY_PAUSE), events.all());
    }

    @Test
    void aPressIsReportedWhenTheButtonIsReleasedNotWhenItGoesDown() throws Exception {
        open(Pi4jButtons.DEFAULT_LONG_PRESS);

        pin(Pi4jButtons.NEXT_ID).mockState(LOW);
        Thread.sleep(HOLD_MS);
        assertEquals(List.of(), events.all(), "still held");
        pin(Pi4jButtons.NEXT_ID).mockState(HIGH);

        events.await(1);
        awaitSettled();
        assertEquals(List.of(NEXT), events.all());
    }

    @Test
    void aBurstOfBouncesOnPressAndReleaseIsOnePress() throws Exception {
        open(LONG_DEBOUNCE, Pi4jButtons.DEFAULT_LONG_PRESS);
        MockDigitalInput next = pin(Pi4jButtons.NEXT_ID);

        // The contact chatters for a moment (well within the debounce time) each way.
        toggle(next, LOW, HIGH, LOW, HIGH, LOW, HIGH, LOW);
        Thread.sleep(LONG_HOLD_MS);
        toggle(next, HIGH, LOW, HIGH, LOW, HIGH);

        events.await(1);
        awaitSettled();
        assertEquals(List.of(NEXT), events.all());
    }

    @Test
    void aGlitchShorterThanTheDebounceTimeIsNoPress() throws Exception {
        open(LONG_DEBOUNCE, Pi4jButtons.DEFAULT_LONG_PRESS);

        toggle(pin(Pi4jButtons.NEXT_ID), LOW, HIGH, LOW, HIGH);
        // Then a real press of another button: once it is reported, the glitch has long been judged.
        pin(Pi4jButtons.PREVIOUS_ID).mockState(LOW);
        Thread.sleep(LONG_HOLD_MS);
        pin(Pi4jButtons.PREVIOUS_ID).mockState(HIGH);

        events.await(1);
        awaitSettled();
        assertEquals(List.of(PREVIOUS), events.all());
    }

    @Test
    void holdingPreviousPastTheThresholdIsOneLongPressAndNoShortOne() throws Exception {
        open(Duration.ofMillis(250));
        MockDigitalInput previous = pin(Pi4jButtons.PREVIOUS_ID);

        previous.mockState(LOW);
        // Reported at the threshold, while the button is still held.
        events.await(1);
        assertEquals(List.of(PREVIOUS_LONG), events.all());
        previous.mockState(HIGH);

        awaitSettled();
        assertEquals(List.of(PREVIOUS_LONG), events.all());
    }

    @Test
    void aBounceWhileHeldDoesNotSplitALongPress() throws Exception {
        open(LONG_DEBOUNCE, Duration.ofMillis(400));
        MockDigitalInput sw = pin(Pi4jButtons.ENCODER_SW_ID);

        sw.mockState(LOW);
        Thread.sleep(2 * LONG_DEBOUNCE.toMillis());
        toggle(sw, HIGH, LOW);
        events.await(1);
        toggle(sw, HIGH, LOW, HIGH);

        awaitSettled();
        assertEquals(List.of(PLAY_PAUSE_LONG), events.all());
    }

    @Test
    void eachButtonHasItsOwnLongPress() throws Exception {
        open(Duration.ofMillis(150));

        for (String id : List.of(Pi4jButtons.NEXT_ID, Pi4jButtons.PREVIOUS_ID, Pi4jButtons.ENCODER_SW_ID)) {
            int before = events.all().size();
            pin(id).mockState(LOW);
            events.await(before + 1);
            pin(id).mockState(HIGH);
        }

        awaitSettled();
        assertEquals(List.of(NEXT_LONG, PREVIOUS_LONG, PLAY_PAUSE_LONG), events.all());
    }

    @Test
    void threeDetentsClockwiseAreThreeStepsUp() throws Exception {
        open(Pi4jButtons.DEFAULT_LONG_PRESS);

        detentClockwise();
        // A detent whose CLK contact chatters as it closes, and whose DT contact chatters as it opens.
        turn(
                ENCODER_CLK,
                LOW,
                ENCODER_CLK,
                HIGH,
                ENCODER_CLK,
                LOW,
                ENCODER_DT,
                LOW,
                ENCODER_CLK,
                HIGH,
                ENCODER_DT,
                HIGH,
                ENCODER_DT,
                LOW,
                ENCODER_DT,
                HIGH);
        detentClockwise();

        events.await(3);
        awaitSettled();
        assertEquals(List.of(1, 1, 1), events.all());
    }

    @Test
    void detentsCounterClockwiseAreStepsDown() throws Exception {
        open(Pi4jButtons.DEFAULT_LONG_PRESS);

        detentCounterClockwise();
        // Chatter on DT in the middle of the detent.
        turn(ENCODER_DT, LOW, ENCODER_CLK, LOW, ENCODER_DT, HIGH, ENCODER_DT, LOW, ENCODER_DT, HIGH, ENCODER_CLK, HIGH);
        detentCounterClockwise();
        detentClockwise();

        events.await(4);
        awaitSettled();
        assertEquals(List.of(-1, -1, -1, 1), events.all());
    }

    @Test
    void halfADetentAndBackIsNoStep() throws Exception {
        open(Pi4jButtons.DEFAULT_LONG_PRESS);

        // Into the detent as far as both contacts closed, then back the way it came.
        turn(ENCODER_CLK, LOW, ENCODER_DT, LOW, ENCODER_DT, HIGH, ENCODER_CLK, HIGH);
        // A quarter step the other way and back.
        turn(ENCODER_DT, LOW, ENCODER_DT, HIGH);
        awaitSettled();
        assertEquals(List.of(), events.all());

        // The knob still counts afterwards.
        detentClockwise();
        events.await(1);
        awaitSettled();
        assertEquals(List.of(1), events.all());
    }

    @Test
    void aButtonHeldWhenTheAgentStartsIsNotAPress() throws Exception {
        // The mock's pins start LOW, which with pull-ups reads as every button held down; open()
        // then lets them go: nothing may be reported for that.
        open(Duration.ofMillis(150));
        assertEquals(List.of(), events.all());
    }

    @Test
    void theStatusIsAvailableAndNamesThePins() {
        open(Pi4jButtons.DEFAULT_LONG_PRESS);

        DeviceStatus status = buttons.status();
        assertEquals(DeviceStatus.State.AVAILABLE, status.state());
        assertTrue(status.detail().contains("next GPIO16"), status.detail());
        assertTrue(status.detail().contains("push GPIO23"), status.detail());
    }

    @Test
    void pinsAreInputsWithPullUps() {
        open(Pi4jButtons.DEFAULT_LONG_PRESS);

        for (String id : ALL_IDS) {
            MockDigitalInput input = pin(id);
            assertEquals(PullResistance.PULL_UP, input.pull(), id);
        }
        assertEquals(26, pin(Pi4jButtons.PREVIOUS_ID).address());
        assertEquals(7, pin(ENCODER_CLK).address());
    }

    @Test
    void closingReleasesThePinsAndStopsReporting() throws Exception {
        open(Pi4jButtons.DEFAULT_LONG_PRESS);
        MockDigitalInput next = pin(Pi4jButtons.NEXT_ID);

        buttons.close();
        buttons.close(); // twice is harmless

        for (String id : ALL_IDS) {
            assertFalse(context.registry().exists(id), id);
        }
        for (int bcm : new int[] {16, 26, 7, 24, 23}) {
            assertFalse(context.registry().exists(bcm), "GPIO" + bcm);
        }
        toggle(next, LOW, HIGH); // a listener left behind would throw or report
        assertEquals(List.of(), events.all());

        // The same pins can be claimed again.
        buttons = new Pi4jButtons(context, Pins.DEFAULTS, DEBOUNCE, Pi4jButtons.DEFAULT_LONG_PRESS);
        assertEquals(DeviceStatus.State.AVAILABLE, buttons.status().state());
    }

    @Test
    void aPinAlreadyInUseFailsTheConstructorAndReleasesTheOthers() {
        open(Pi4jButtons.DEFAULT_LONG_PRESS);

        assertThrows(
                RuntimeException.class,
                () -> new Pi4jButtons(context, new Pins(5, 6, 13, 19, 23), DEBOUNCE, Pi4jButtons.DEFAULT_LONG_PRESS));
        // GPIO 5, 6, 13 and 19 were claimed before 23 failed: they are free again.
        for (int bcm : new int[] {5, 6, 13, 19}) {
            assertFalse(context.registry().exists(bcm), "GPIO" + bcm);
        }
    }

    @Test
    void pinsMustBeOnTheHeaderAndDistinct() {
        assertThrows(IllegalArgumentException.class, () -> new Pins(16, 16, 7, 24, 23));
        assertThrows(IllegalArgumentException.class, () -> new Pins(28, 26, 7, 24, 23));
        assertThrows(IllegalArgumentException.class, () -> new Pins(-1, 26, 7, 24, 23));
        assertEquals(new Pins(16, 26, 7, 24, 23), Pins.DEFAULTS);
    }

    @Test
    void durationsOutOfRangeAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new Pi4jButtons(context, Pins.DEFAULTS, Duration.ofMillis(-1), Duration.ofSeconds(2)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Pi4jButtons(context, Pins.DEFAULTS, Duration.ofMillis(50), Duration.ofMillis(50)));
    }

    @Test
    void withoutGpioOpenReturnsControlsThatSaySoInsteadOfThrowing() {
        assumeTrue(
                GpioBoard.raspberryPiModel(Path.of("/proc/device-tree/model")) == null,
                "this machine is a Raspberry Pi");

        Buttons missing = Pi4jButtons.open(Pins.DEFAULTS, Pi4jButtons.DEFAULT_DEBOUNCE, Pi4jButtons.DEFAULT_LONG_PRESS);
        missing.start(events);
        assertEquals(DeviceStatus.State.SIMULATED, missing.status().state());
        assertTrue(
                missing.status().detail().contains("No GPIO"), missing.status().detail());
        missing.close();

        Buttons expected =
                Pi4jButtons.open(Pins.DEFAULTS, Pi4jButtons.DEFAULT_DEBOUNCE, Pi4jButtons.DEFAULT_LONG_PRESS, true);
        assertEquals(DeviceStatus.State.FAILED, expected.status().state());
        assertTrue(
                expected.status().detail().contains("No GPIO"),
                expected.status().detail());
        expected.close();
    }

    @Test
    void aRaspberryPiIsRecognisedByItsDeviceTreeModel(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        Files.writeString(model, "Raspberry Pi Zero 2 W Rev 1.0\0");
        assertEquals("Raspberry Pi Zero 2 W Rev 1.0", GpioBoard.raspberryPiModel(model));
        Files.writeString(model, "Radxa ROCK 3 Model A\0");
        assertNull(GpioBoard.raspberryPiModel(model));
        assertNull(GpioBoard.raspberryPiModel(dir.resolve("absent")));
    }

    @Test
    void gpioDevicesAreLookedFor(@TempDir Path dev) throws Exception {
        assertTrue(GpioBoard.gpioChipProblem(dev).contains("No GPIO character device"));
        Files.createFile(dev.resolve("gpiochip0"));
        assertNull(GpioBoard.gpioChipProblem(dev));
    }

    // --- helpers ---

    private static final String ENCODER_CLK = Pi4jButtons.ENCODER_CLK_ID;
    private static final String ENCODER_DT = Pi4jButtons.ENCODER_DT_ID;
    private static final List<String> ALL_IDS = List.of(
            Pi4jButtons.NEXT_ID,
            Pi4jButtons.PREVIOUS_ID,
            Pi4jButtons.ENCODER_CLK_ID,
            Pi4jButtons.ENCODER_DT_ID,
            Pi4jButtons.ENCODER_SW_ID);

    /** Claims the default pins on the mock, then lets every line rise as the pull-ups would. */
    private void open(Duration longPress) {
        open(DEBOUNCE, longPress);
    }

    private void open(Duration debounce, Duration longPress) {
        buttons = new Pi4jButtons(context, Pins.DEFAULTS, debounce, longPress);
        buttons.start(events);
        for (String id : ALL_IDS) {
            pin(id).mockState(HIGH);
        }
        awaitSettled();
        events.clear();
    }

    private MockDigitalInput pin(String id) {
        return context.registry().get(id, MockDigitalInput.class);
    }

    /** A finger presses the button, holds it for a moment and lets go. */
    private void press(String id) throws InterruptedException {
        pin(id).mockState(LOW);
        Thread.sleep(HOLD_MS);
        pin(id).mockState(HIGH);
    }

    /** A contact chattering: the levels a millisecond apart, as a bouncing switch gives them. */
    private static void toggle(MockDigitalInput input, DigitalState... states) throws InterruptedException {
        for (int i = 0; i < states.length; i++) {
            if (i > 0) {
                Thread.sleep(1);
            }
            input.mockState(states[i]);
        }
    }

    /** Alternating pin ids and levels. */
    private void turn(Object... idsAndStates) {
        for (int i = 0; i < idsAndStates.length; i += 2) {
            pin((String) idsAndStates[i]).mockState((DigitalState) idsAndStates[i + 1]);
        }
    }

    /** CLK,DT 11 → 01 → 00 → 10 → 11: CLK closes first. */
    private void detentClockwise() {
        turn(ENCODER_CLK, LOW, ENCODER_DT, LOW, ENCODER_CLK, HIGH, ENCODER_DT, HIGH);
    }

    /** CLK,DT 11 → 10 → 00 → 01 → 11: DT closes first. */
    private void detentCounterClockwise() {
        turn(ENCODER_DT, LOW, ENCODER_CLK, LOW, ENCODER_DT, HIGH, ENCODER_CLK, HIGH);
    }

    /** Waits until every release is debounced and the knob rests: after that, nothing more can be reported. */
    private void awaitSettled() {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try {
            while (!buttons.settled()) {
                if (System.nanoTime() > deadline) {
                    fail("the controls did not settle within " + DEADLINE.toMillis() + " ms; events " + events.all());
                }
                Thread.sleep(2);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Records presses and turns (as Integer detents) in the order the adapter reports them. */
    private static final class Recorder implements Buttons.Listener {

        private final List<Object> events = new CopyOnWriteArrayList<>();

        @Override
        public void pressed(Buttons.Press press) {
            events.add(press);
        }

        @Override
        public void turned(int detents) {
            events.add(detents);
        }

        List<Object> all() {
            return List.copyOf(events);
        }

        void clear() {
            events.clear();
        }

        void await(int count) {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (events.size() < count) {
                if (System.nanoTime() > deadline) {
                    fail("expected " + count + " events within " + DEADLINE.toMillis() + " ms, got " + all());
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }
}
