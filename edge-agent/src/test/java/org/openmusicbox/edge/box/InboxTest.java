package org.openmusicbox.edge.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InboxTest {

    /** Holds the box thread until released, so that work piles up behind it. */
    private static CountDownLatch block(Inbox inbox) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        inbox.post(Inbox.Lane.DEVICE, () -> {
            running.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(running.await(5, TimeUnit.SECONDS), "the blocker started");
        return release;
    }

    @Test
    void aFloodIsRefusedAndTheBoxKeepsWorking() throws Exception {
        try (Inbox inbox = new Inbox(5)) {
            CountDownLatch release = block(inbox);
            AtomicInteger ran = new AtomicInteger();
            CompletableFuture<Integer> lastAccepted = null;
            CompletableFuture<Integer> refused = null;
            int accepted = 0;
            while (refused == null && accepted <= 5) {
                CompletableFuture<Integer> f = inbox.ask(Inbox.Lane.GUEST, ran::incrementAndGet);
                if (f.isCompletedExceptionally()) {
                    refused = f;
                } else {
                    accepted++;
                    lastAccepted = f;
                }
            }
            assertEquals(5, accepted, "exactly the lane's cap waits");
            ExecutionException e = assertThrows(ExecutionException.class, refused::get);
            BoxError error = assertInstanceOf(BoxError.class, e.getCause());
            assertEquals(503, error.status());

            release.countDown();
            assertEquals(accepted, lastAccepted.get(5, TimeUnit.SECONDS), "every accepted command ran");
            assertEquals(
                    accepted + 1,
                    inbox.ask(Inbox.Lane.GUEST, ran::incrementAndGet).get(5, TimeUnit.SECONDS),
                    "after the flood every accepted command ran and new ones are taken again");
        }
    }

    @Test
    void aFullGuestLaneLeavesRoomForDevicesAndParents() throws Exception {
        try (Inbox inbox = new Inbox(Map.of(Inbox.Lane.DEVICE, 3, Inbox.Lane.PARENT, 3, Inbox.Lane.GUEST, 3))) {
            CountDownLatch release = block(inbox);
            for (int i = 0; i < 3; i++) {
                assertFalse(inbox.ask(Inbox.Lane.GUEST, () -> 1).isDone(), "guest " + i + " waits");
            }
            assertTrue(inbox.ask(Inbox.Lane.GUEST, () -> 1).isCompletedExceptionally(), "the guest lane is full");

            CompletableFuture<String> parent = inbox.ask(Inbox.Lane.PARENT, () -> "parent");
            CompletableFuture<String> tag = inbox.ask(Inbox.Lane.DEVICE, () -> "tag");
            assertFalse(parent.isCompletedExceptionally(), "a parent is taken while guests fill their lane");
            assertFalse(tag.isCompletedExceptionally(), "the reader is taken while guests fill their lane");
            release.countDown();
            assertEquals("parent", parent.get(5, TimeUnit.SECONDS));
            assertEquals("tag", tag.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void theMostImportantLaneGoesFirstAndEachLaneKeepsItsOrder() throws Exception {
        try (Inbox inbox = new Inbox()) {
            List<String> order = new CopyOnWriteArrayList<>();
            CountDownLatch release = block(inbox);
            inbox.post(Inbox.Lane.GUEST, () -> order.add("guest 1"));
            inbox.post(Inbox.Lane.PARENT, () -> order.add("parent 1"));
            inbox.post(Inbox.Lane.GUEST, () -> order.add("guest 2"));
            inbox.post(Inbox.Lane.DEVICE, () -> order.add("device 1"));
            inbox.post(Inbox.Lane.PARENT, () -> order.add("parent 2"));
            inbox.post(Inbox.Lane.DEVICE, () -> order.add("device 2"));
            release.countDown();
            inbox.ask(Inbox.Lane.GUEST, () -> null).get(5, TimeUnit.SECONDS);
            assertEquals(List.of("device 1", "device 2", "parent 1", "parent 2", "guest 1", "guest 2"), order);
        }
    }

    @Test
    void aTimerThatFellDueRunsBetweenTwoPiecesOfWork() throws Exception {
        try (Inbox inbox = new Inbox()) {
            List<String> order = new CopyOnWriteArrayList<>();
            CountDownLatch release = block(inbox);
            for (int i = 0; i < 50; i++) {
                int n = i;
                inbox.post(Inbox.Lane.GUEST, () -> order.add("guest " + n));
            }
            CountDownLatch due = new CountDownLatch(1);
            inbox.later(Duration.ZERO, () -> order.add("timer"));
            // The timer is due now; it waits for the blocker, then for at most one guest.
            inbox.later(Duration.ZERO, due::countDown);
            release.countDown();
            assertTrue(due.await(5, TimeUnit.SECONDS));
            inbox.ask(Inbox.Lane.GUEST, () -> null).get(5, TimeUnit.SECONDS);
            assertTrue(order.indexOf("timer") <= 1, "the timer ran after at most one guest: " + order.subList(0, 5));
        }
    }

    @Test
    void workAcceptedBeforeCloseStillRuns() throws Exception {
        Inbox inbox = new Inbox();
        CountDownLatch release = block(inbox);
        CompletableFuture<String> parent = inbox.ask(Inbox.Lane.PARENT, () -> "done");
        CompletableFuture<String> guest = inbox.ask(Inbox.Lane.GUEST, () -> "done too");
        Thread closer = new Thread(inbox::close);
        closer.start();
        release.countDown();
        closer.join(10_000);
        assertEquals("done", parent.getNow("not run"));
        assertEquals("done too", guest.getNow("not run"));
        CompletableFuture<String> late = inbox.ask(Inbox.Lane.PARENT, () -> "late");
        assertTrue(late.isCompletedExceptionally(), "nothing is taken after close");
    }

    @Test
    void whatAPieceOfWorkSendsLeavesAfterItsAnswerInOrderAndElsewhereAtOnce() throws Exception {
        try (Inbox inbox = new Inbox()) {
            List<String> seen = new CopyOnWriteArrayList<>();
            CompletableFuture<String>[] asked = new CompletableFuture[1];
            CountDownLatch sent = new CountDownLatch(2);
            CountDownLatch go = new CountDownLatch(1);
            asked[0] = inbox.ask(Inbox.Lane.PARENT, () -> {
                try {
                    go.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inbox.afterAnswer(() -> {
                    seen.add("first, answered: " + asked[0].isDone());
                    sent.countDown();
                });
                inbox.afterAnswer(() -> {
                    seen.add("second");
                    sent.countDown();
                });
                seen.add("work");
                return "answer";
            });
            go.countDown();
            assertTrue(sent.await(5, TimeUnit.SECONDS), "both sends ran");
            assertEquals(List.of("work", "first, answered: true", "second"), seen);
            assertEquals("answer", asked[0].get());

            // From another thread, and from a timer, a send leaves at once.
            List<String> elsewhere = new CopyOnWriteArrayList<>();
            inbox.afterAnswer(() ->
                    elsewhere.add("caller's thread " + Thread.currentThread().getName()));
            assertEquals(List.of("caller's thread " + Thread.currentThread().getName()), elsewhere);
            CompletableFuture<Boolean> fromTimer = new CompletableFuture<>();
            inbox.later(Duration.ZERO, () -> {
                boolean[] ran = new boolean[1];
                inbox.afterAnswer(() -> ran[0] = true);
                fromTimer.complete(ran[0]);
            });
            assertTrue(fromTimer.get(5, TimeUnit.SECONDS), "a timer's send is not held");
        }
    }

    @Test
    void aSendThatFailsDoesNotStopTheOnesAfterItOrTheBox() throws Exception {
        try (Inbox inbox = new Inbox()) {
            CountDownLatch second = new CountDownLatch(1);
            inbox.post(Inbox.Lane.DEVICE, () -> {
                inbox.afterAnswer(() -> {
                    throw new IllegalStateException("a client went away");
                });
                inbox.afterAnswer(second::countDown);
            });
            assertTrue(second.await(5, TimeUnit.SECONDS), "the second send ran");
            assertEquals(7, inbox.ask(Inbox.Lane.GUEST, () -> 7).get(5, TimeUnit.SECONDS));
        }
    }
}
