package org.openmusicbox.edge.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InboxTest {

    @Test
    void aFloodIsRefusedAndTheBoxKeepsWorking() throws Exception {
        try (Inbox inbox = new Inbox(5)) {
            CountDownLatch release = new CountDownLatch(1);
            inbox.post(() -> {
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // The box thread is busy; let the blocker start so it no longer counts as waiting.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            AtomicInteger ran = new AtomicInteger();
            CompletableFuture<Integer> refused = null;
            CompletableFuture<Integer> lastAccepted = null;
            int accepted = 0;
            while (refused == null) {
                assertTrue(System.nanoTime() < deadline, "nothing was refused");
                CompletableFuture<Integer> f = inbox.ask(ran::incrementAndGet);
                if (f.isCompletedExceptionally()) {
                    refused = f;
                } else {
                    accepted++;
                    lastAccepted = f;
                }
            }
            assertTrue(accepted <= 6, "at most the limit waits, accepted " + accepted);
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, refused::get);
            BoxError error = assertInstanceOf(BoxError.class, e.getCause());
            assertEquals(503, error.status());

            release.countDown();
            assertEquals(accepted, lastAccepted.get(5, TimeUnit.SECONDS), "every accepted command ran");
            assertEquals(accepted + 1, inbox.ask(ran::incrementAndGet).get(5, TimeUnit.SECONDS),
                    "after the flood every accepted command ran and new ones are taken again");
        }
    }
}
