package org.openmusicbox.edge.api.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.corundumstudio.socketio.SocketIOClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.openmusicbox.edge.access.RefusalLog;
import org.openmusicbox.edge.fake.FakeSocketClient;
import org.slf4j.LoggerFactory;

class EventBudgetsTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<SocketIOClient> told = new CopyOnWriteArrayList<>();
    private final RefusalLog refusals = new RefusalLog(LoggerFactory.getLogger(EventBudgetsTest.class), 10, now::get);

    private EventBudgets budgets(int guest, int guestAddress, int parent, int floodDrops) {
        return new EventBudgets(
                new EventBudgets.Limits(guest, guestAddress, parent, floodDrops), now::get, refusals, told::add);
    }

    private static int admitted(EventBudgets budgets, FakeSocketClient client, boolean parent, int tries) {
        int ok = 0;
        for (int i = 0; i < tries; i++) {
            if (budgets.admit(client.client, parent)) {
                ok++;
            }
        }
        return ok;
    }

    @Test
    void aGuestGetsItsBurstThenItsRateAndHearsAboutItOncePerWindow() {
        EventBudgets budgets = budgets(10, 1000, 100, 1000);
        FakeSocketClient guest = new FakeSocketClient("192.0.2.1");
        assertEquals(20, admitted(budgets, guest, false, 100), "burst of twice the rate");
        assertEquals(List.of(guest.client), told, "told once, however many were dropped");
        now.addAndGet(1000);
        assertEquals(10, admitted(budgets, guest, false, 100), "then ten a second");
        assertEquals(1, told.size(), "still within the window: not told again");
        now.addAndGet(EventBudgets.WINDOW_MS);
        admitted(budgets, guest, false, 100);
        assertEquals(2, told.size(), "a new window, one more notice");
        assertEquals(0, guest.disconnects.get());
    }

    @Test
    void aParentIsBudgetedGenerouslyAndApartFromGuests() {
        EventBudgets budgets = budgets(10, 10, 100, 1000);
        FakeSocketClient guest = new FakeSocketClient("192.0.2.1");
        FakeSocketClient parent = new FakeSocketClient("192.0.2.1");
        assertEquals(20, admitted(budgets, guest, false, 100));
        assertEquals(
                200,
                admitted(budgets, parent, true, 500),
                "a guest flood from the same address costs the parent nothing");
    }

    @Test
    void moreSocketsFromOneAddressDoNotBuyMoreEvents() {
        EventBudgets budgets = budgets(10, 15, 100, 1000);
        int total = 0;
        for (int i = 0; i < 20; i++) {
            total += admitted(budgets, new FakeSocketClient("192.0.2.7"), false, 100);
        }
        assertEquals(30, total, "twenty sockets share the address's burst of 30");
        assertEquals(
                20,
                admitted(budgets, new FakeSocketClient("192.0.2.8"), false, 100),
                "another address has its own budget");
    }

    @Test
    void aConnectionThatKeepsFloodingIsClosedOnce() {
        EventBudgets budgets = budgets(10, 1000, 100, 50);
        FakeSocketClient guest = new FakeSocketClient("192.0.2.1");
        admitted(budgets, guest, false, 20 + 49);
        assertEquals(0, guest.disconnects.get(), "49 dropped: still connected");
        admitted(budgets, guest, false, 1);
        assertEquals(1, guest.disconnects.get(), "the 50th drop in the window closes it");
        admitted(budgets, guest, false, 100);
        assertEquals(1, guest.disconnects.get(), "closed once, not once per event");
        assertTrue(refusals.suppressed() == 0, "one refusal line, within the minute's share");
    }

    @Test
    void quietAddressesAreForgottenWhenThereAreTooMany() {
        EventBudgets budgets = budgets(10, 10, 100, 1000);
        for (int i = 0; i < EventBudgets.MAX_ADDRESSES + 10; i++) {
            FakeSocketClient guest = new FakeSocketClient("10.0." + (i / 250) + "." + (i % 250));
            assertEquals(1, admitted(budgets, guest, false, 1));
            now.addAndGet(1000);
        }
        assertTrue(
                budgets.addresses() <= EventBudgets.MAX_ADDRESSES,
                "quiet addresses were forgotten: " + budgets.addresses() + " kept");
    }
}
