package org.openmusicbox.edge.nfc.pn532;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openmusicbox.edge.device.DeviceStatus;
import org.openmusicbox.edge.nfc.TagReader;
import org.openmusicbox.edge.nfc.TagUid;

class Pn532TagReaderTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String A = "04a22b1c";
    private static final String B = "04deadbeef0a80";

    private final ScriptedPn532 board = new ScriptedPn532();
    private final Recorder events = new Recorder(board);
    private Pn532TagReader reader = new Pn532TagReader(
            board,
            new Pn532TagReader.Settings(Duration.ofMillis(5), 3, 2, Duration.ofMillis(50), Duration.ofMillis(20)));

    @AfterEach
    void close() {
        reader.close();
    }

    /** Listener calls, in order, with the board's poll count when each arrived. */
    static final class Recorder implements TagReader.Listener {
        private final ScriptedPn532 board;
        private final List<String> events = new ArrayList<>();
        private final List<Integer> atPoll = new ArrayList<>();

        Recorder(ScriptedPn532 board) {
            this.board = board;
        }

        @Override
        public synchronized void placed(TagUid tag) {
            events.add("placed " + tag);
            atPoll.add(board.polls());
            notifyAll();
        }

        @Override
        public synchronized void lifted(TagUid tag) {
            events.add("lifted " + tag);
            atPoll.add(board.polls());
            notifyAll();
        }

        synchronized List<String> events() {
            return List.copyOf(events);
        }

        synchronized int atPoll(int index) {
            return atPoll.get(index);
        }

        synchronized List<String> await(int count) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (events.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " events within " + WAIT + ", got " + events);
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return List.copyOf(events);
        }
    }

    private void awaitPollsBeyond(int more) throws InterruptedException {
        int target = board.polls() + more;
        assertTrue(board.awaitPolls(target, WAIT), "the reader did not poll " + more + " more times");
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(2);
        }
    }

    @Test
    void aChipThatAnswersIsAvailableWithItsFirmware() throws Exception {
        assertTrue(reader.connect());
        assertEquals(DeviceStatus.available("PN532 v1.6 on scripted I2C"), reader.status());
        assertEquals(1, board.samMode(), "SAMConfiguration in normal mode");
        assertEquals(1, board.count(Pn532.RF_CONFIGURATION));
    }

    @Test
    void aTagRestingForTwentyPollsIsOnePlacement() throws Exception {
        board.place(A);
        reader.start(events);
        assertEquals(List.of("placed " + A), events.await(1));
        awaitPollsBeyond(20);
        assertEquals(List.of("placed " + A), events.events());
        assertEquals(List.of(), board.hostFrameErrors());
    }

    @Test
    void liftingIsOneEventAfterTheRemovalThreshold() throws Exception {
        board.place(A);
        reader.start(events);
        events.await(1);
        int liftedAfterPoll;
        synchronized (board) {
            board.lift();
            liftedAfterPoll = board.polls();
        }
        assertEquals(List.of("placed " + A, "lifted " + A), events.await(2));
        assertEquals(liftedAfterPoll + 3, events.atPoll(1), "lifted on the third empty poll in a row");
        awaitPollsBeyond(10);
        assertEquals(2, events.events().size(), "nothing more while the reader stays empty");
    }

    @Test
    void aSingleMissedReadIsNotALift() throws Exception {
        board.place(A);
        reader.start(events);
        events.await(1);
        board.missReads(1);
        awaitPollsBeyond(10);
        board.missReads(2);
        awaitPollsBeyond(10);
        assertEquals(List.of("placed " + A), events.events());
    }

    @Test
    void anotherTagIsALiftThenAPlacement() throws Exception {
        board.place(A);
        reader.start(events);
        events.await(1);
        board.place(B);
        assertEquals(List.of("placed " + A, "lifted " + A, "placed " + B), events.await(3));
        awaitPollsBeyond(10);
        assertEquals(3, events.events().size());
    }

    @Test
    void theSameTagPlacedAgainAfterALiftIsANewPlacement() throws Exception {
        board.place(A);
        reader.start(events);
        events.await(1);
        board.lift();
        events.await(2);
        board.place(A);
        assertEquals(List.of("placed " + A, "lifted " + A, "placed " + A), events.await(3));
    }

    @Test
    void anIoFailureIsAStatusAndTheReaderRecovers() throws Exception {
        board.place(A);
        reader.start(events);
        events.await(1);
        assertEquals(DeviceStatus.State.AVAILABLE, reader.status().state());

        board.failIo(true);
        awaitTrue("status FAILED", () -> reader.status().state() == DeviceStatus.State.FAILED);
        assertTrue(
                reader.status().detail().contains("scripted I/O error"),
                reader.status().detail());
        assertTrue(reader.polling(), "the polling thread survives the failure");
        int samBefore = board.count(Pn532.SAM_CONFIGURATION);

        board.failIo(false);
        awaitTrue("status AVAILABLE again", () -> reader.status().state() == DeviceStatus.State.AVAILABLE);
        assertEquals("PN532 v1.6 on scripted I2C", reader.status().detail());
        assertTrue(board.count(Pn532.SAM_CONFIGURATION) > samBefore, "the chip is set up again after recovering");
        awaitPollsBeyond(10);
        assertEquals(List.of("placed " + A), events.events(), "the tag rested all along: no lift, no new placement");

        board.lift();
        assertEquals(List.of("placed " + A, "lifted " + A), events.await(2));
    }

    @Test
    void aChipThatDoesNotAnswerAtStartIsFailedUntilItDoes() throws Exception {
        board.failIo(true);
        assertFalse(reader.connect());
        assertEquals(DeviceStatus.State.FAILED, reader.status().state());
        assertTrue(
                reader.status().detail().startsWith("PN532 on scripted I2C does not answer: scripted I/O error"),
                reader.status().detail());

        board.place(A);
        reader.start(events);
        Thread.sleep(30);
        assertEquals(List.of(), events.events());
        board.failIo(false);
        assertEquals(List.of("placed " + A), events.await(1));
        assertEquals(DeviceStatus.State.AVAILABLE, reader.status().state());
    }

    @Test
    void protocolErrorsAreRetriedBeforeTheStatusChanges() throws Exception {
        board.place(A);
        reader.start(events);
        events.await(1);
        board.nackNext();
        awaitPollsBeyond(3);
        board.corruptNextResponse();
        awaitPollsBeyond(3);
        assertEquals(DeviceStatus.State.AVAILABLE, reader.status().state());
        assertEquals(List.of("placed " + A), events.events());
    }

    @Test
    void aChipThatHangsIsFailedNotWaitedFor() throws Exception {
        reader.start(events);
        awaitTrue("AVAILABLE", () -> reader.status().state() == DeviceStatus.State.AVAILABLE);
        board.neverReady(true);
        awaitTrue("status FAILED", () -> reader.status().state() == DeviceStatus.State.FAILED);
        assertTrue(
                reader.status().detail().contains("did not become ready"),
                reader.status().detail());
        board.neverReady(false);
        awaitTrue("AVAILABLE again", () -> reader.status().state() == DeviceStatus.State.AVAILABLE);
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheReader() throws Exception {
        List<String> seen = new ArrayList<>();
        reader.start(new TagReader.Listener() {
            @Override
            public void placed(TagUid tag) {
                synchronized (seen) {
                    seen.add("placed " + tag);
                }
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void lifted(TagUid tag) {
                synchronized (seen) {
                    seen.add("lifted " + tag);
                }
            }
        });
        board.place(A);
        awaitTrue("placed", () -> {
            synchronized (seen) {
                return seen.size() == 1;
            }
        });
        board.lift();
        awaitTrue("lifted", () -> {
            synchronized (seen) {
                return seen.size() == 2;
            }
        });
        assertTrue(reader.polling());
    }

    @Test
    void closingStopsTheThreadAndClosesTheLink() throws Exception {
        reader.start(events);
        awaitPollsBeyond(3);
        reader.close();
        assertFalse(reader.polling());
        assertTrue(board.closed());
        int polls = board.polls();
        Thread.sleep(30);
        assertEquals(polls, board.polls(), "no polls after close");
        reader.close();
    }

    @Test
    void withoutAnI2cBusOpeningGivesAFailedReaderAtOnce() {
        assumeFalse(new File("/dev/i2c-1").exists(), "this machine has an I2C bus 1");
        reader.close();
        long started = System.nanoTime();
        reader = Pn532TagReader.open(1, 0x24, Duration.ofMillis(100), 3);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(DeviceStatus.State.FAILED, reader.status().state());
        assertTrue(
                reader.status().detail().contains("I2C bus 1"), reader.status().detail());
        assertTrue(
                reader.status().detail().contains("raspi-config nonint do_i2c 0"),
                reader.status().detail());
        assertTrue(tookMs < 5000, "took " + tookMs + " ms");
        reader.start(events);
        assertFalse(reader.polling(), "nothing to poll without a bus");
    }
}
