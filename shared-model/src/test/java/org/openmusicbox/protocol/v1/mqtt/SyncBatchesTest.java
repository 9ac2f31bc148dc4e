package org.openmusicbox.protocol.v1.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Stamp;

/**
 * Every message the splitter makes is within its byte budget, measured on the encoded bytes; nothing is lost,
 * repeated or reordered; a playlist of 2,000 tracks, and of {@link SyncChange#MAX_ORDER}, goes through AWS IoT
 * Core's 128 KB; a change that cannot fit alone is refused by name rather than sent to be refused by the broker.
 */
class SyncBatchesTest {

    private static final JsonCodec CODEC = new JsonCodec();
    private static final String BOX = "box-kitchen-01";
    /** The longest device id and origin the protocol allows. */
    private static final String LONGEST_ID = "b".repeat(64);

    private final Random random = new Random(15);

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private SyncChange order(int tracks, String origin) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < tracks; i++) {
            ids.add(uuid());
        }
        return change(Entity.PLAYLIST, uuid(), Fields.ORDER, ids, origin);
    }

    private SyncChange change(Entity entity, String id, String field, Object value, String origin) {
        // The highest stamp the clock can give: 19 digits, the longest hlc text.
        return SyncChange.of(new FieldChange(entity, id, field, value, new Stamp(Long.MAX_VALUE, origin), uuid()));
    }

    private List<SyncChange> outbox(SyncChange big, int small) {
        List<SyncChange> changes = new ArrayList<>();
        for (int i = 0; i < small; i++) {
            changes.add(change(Entity.TRACK, uuid(), Fields.TITLE, "Chapter " + i + " ".repeat(i % 300), BOX));
            if (i == small / 2) {
                changes.add(big);
            }
        }
        return changes;
    }

    private static int bytes(Object message) {
        return CODEC.toBytes(message).length;
    }

    @Test
    void theBudgetIsBelowAwsIotCoresLimit() {
        assertEquals(131_072, SyncBatches.MAX_PAYLOAD);
        assertTrue(SyncBatches.DEFAULT_BUDGET < SyncBatches.MAX_PAYLOAD);
        assertEquals(SyncBatches.DEFAULT_BUDGET, new SyncBatches(CODEC).budget());
        assertThrows(IllegalArgumentException.class, () -> new SyncBatches(CODEC, 0));
        assertThrows(IllegalArgumentException.class, () -> new SyncBatches(CODEC, SyncBatches.MAX_PAYLOAD + 1));
    }

    @Test
    void anOutboxWithA2000TrackOrderGoesOutInMessagesUnderTheBudget() {
        SyncChange order = order(2_000, BOX);
        List<SyncChange> changes = outbox(order, 3_000);
        SyncBatches batches = new SyncBatches(CODEC);

        List<SyncChanges> messages = batches.changes(BOX, changes);

        assertTrue(messages.size() > 1, "3,000 titles and an order do not fit one message");
        List<SyncChange> sent = new ArrayList<>();
        for (SyncChanges message : messages) {
            int size = bytes(message);
            assertTrue(size <= SyncBatches.DEFAULT_BUDGET, size + " bytes");
            assertEquals(size, batches.size(message));
            sent.addAll(message.changes());
        }
        assertEquals(changes, sent);
        assertTrue(messages.stream().anyMatch(m -> m.changes().contains(order)));
    }

    @Test
    void eachMessageIsAsFullAsTheBudgetAllows() {
        // A small budget makes many messages; each would be over it with the next message's first change added,
        // which a guess that leaves room would not show.
        int budget = 3_000;
        SyncBatches batches = new SyncBatches(CODEC, budget);
        List<SyncChange> changes = outbox(order(40, BOX), 400);

        List<SyncChanges> messages = batches.changes(BOX, changes);

        assertTrue(messages.size() > 10, "only " + messages.size() + " messages");
        for (int i = 0; i < messages.size(); i++) {
            assertTrue(bytes(messages.get(i)) <= budget, bytes(messages.get(i)) + " bytes");
            if (i + 1 < messages.size()) {
                List<SyncChange> more = new ArrayList<>(messages.get(i).changes());
                more.add(messages.get(i + 1).changes().get(0));
                assertTrue(bytes(new SyncChanges(BOX, more)) > budget, "message " + i + " could hold one more");
            }
        }
        assertEquals(
                changes, messages.stream().flatMap(m -> m.changes().stream()).toList());
        assertEquals(List.of(), batches.changes(BOX, List.of()));
    }

    @Test
    void theLongestOrderFitsAloneWithTheLongestOfEverythingElse() {
        SyncChange longest = order(SyncChange.MAX_ORDER, LONGEST_ID);
        SyncBatches batches = new SyncBatches(CODEC);

        SyncChanges alone = new SyncChanges(LONGEST_ID, List.of(longest));
        assertTrue(bytes(alone) <= SyncBatches.DEFAULT_BUDGET, bytes(alone) + " bytes");
        assertTrue(batches.fitsAlone(LONGEST_ID, longest));
        assertEquals(List.of(alone), batches.changes(LONGEST_ID, List.of(longest)));

        long lastSeq = Check.MAX_SAFE_INTEGER;
        SyncLog page = batches.page(uuid(), lastSeq - 1, List.of(new SyncLog.Entry(lastSeq, longest)), false);
        assertEquals(1, page.entries().size());
        assertTrue(bytes(page) <= SyncBatches.DEFAULT_BUDGET, bytes(page) + " bytes");
    }

    @Test
    void aChangeThatCannotFitAloneIsRefusedByName() {
        // 3,000 ids of 64 characters: about 200 KB, which no message may carry.
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SyncChange.MAX_ORDER; i++) {
            ids.add(String.format("%064d", i));
        }
        SyncChange huge = change(Entity.PLAYLIST, "p", Fields.ORDER, ids, BOX);
        SyncBatches batches = new SyncBatches(CODEC);
        assertFalse(batches.fitsAlone(BOX, huge));

        SyncBatches.TooLarge sending = assertThrows(
                SyncBatches.TooLarge.class,
                () -> batches.changes(BOX, List.of(outbox(huge, 4).get(0), huge)));
        assertEquals(huge.changeId(), sending.changeId());
        assertTrue(sending.getMessage().contains(huge.changeId()), sending.getMessage());

        SyncBatches.TooLarge paging = assertThrows(
                SyncBatches.TooLarge.class, () -> batches.page("r", 0, List.of(new SyncLog.Entry(1, huge)), false));
        assertEquals(huge.changeId(), paging.changeId());
    }

    @Test
    void pullingPageByPageGivesTheWholeLogOnceInOrder() {
        List<SyncLog.Entry> log = new ArrayList<>();
        long seq = 0;
        for (SyncChange change : outbox(order(2_000, "cloud-7f3a"), 2_500)) {
            seq += 1 + random.nextInt(3);
            log.add(new SyncLog.Entry(seq, change));
        }
        SyncBatches batches = new SyncBatches(CODEC);
        int limit = SyncPull.MAX_LIMIT;

        List<SyncLog.Entry> received = new ArrayList<>();
        long cursor = 0;
        int pages = 0;
        boolean more = true;
        while (more) {
            assertTrue(++pages < 100, "pulling does not end");
            long after = cursor;
            // What the cloud's store gives for "after the cursor, at most limit".
            List<SyncLog.Entry> stored =
                    log.stream().filter(e -> e.seq() > after).limit(limit).toList();
            boolean moreInLog = log.stream().filter(e -> e.seq() > after).count() > stored.size();
            SyncLog page = batches.page("pull-" + pages, after, stored, moreInLog);

            assertTrue(bytes(page) <= SyncBatches.DEFAULT_BUDGET, bytes(page) + " bytes");
            assertEquals(page, CODEC.read(CODEC.toBytes(page), SyncLog.class));
            received.addAll(page.entries());
            cursor = page.next();
            more = page.more();
        }
        assertEquals(log, received);
        assertEquals(log.get(log.size() - 1).seq(), cursor);
        assertTrue(pages > 3, "the 2,000-track order and 1,000-entry limit need several pages, got " + pages);

        SyncLog end = batches.page("pull-end", cursor, List.of(), false);
        assertEquals(cursor, end.next());
        assertFalse(end.more());
    }

    @Test
    void aPageCutShortByTheBudgetSaysThereIsMore() {
        List<SyncLog.Entry> stored = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            stored.add(new SyncLog.Entry(i, change(Entity.TRACK, uuid(), Fields.ARTIST, "Artist " + i, BOX)));
        }
        SyncLog page = new SyncBatches(CODEC, 2_000).page("r", 0, stored, false);
        assertTrue(
                page.entries().size() < 50 && !page.entries().isEmpty(),
                page.entries().size() + " entries");
        assertTrue(page.more());
        assertEquals(page.entries().get(page.entries().size() - 1).seq(), page.next());
        assertTrue(bytes(page) <= 2_000);

        SyncLog whole = new SyncBatches(CODEC).page("r", 0, stored, false);
        assertEquals(stored, whole.entries());
        assertFalse(whole.more());
        assertTrue(new SyncBatches(CODEC).page("r", 0, stored, true).more());
    }

    @Test
    void aPageRefusesWhatTheLogCouldNotHaveGiven() {
        SyncBatches batches = new SyncBatches(CODEC);
        SyncChange c = change(Entity.TAG, "04:a2", Fields.PLAYLIST_ID, null, BOX);
        assertThrows(IllegalArgumentException.class, () -> batches.page("r", 7, List.of(), true));
        assertThrows(
                IllegalArgumentException.class, () -> batches.page("r", 7, List.of(new SyncLog.Entry(7, c)), false));
        assertThrows(
                IllegalArgumentException.class,
                () -> batches.page("r", 0, List.of(new SyncLog.Entry(2, c), new SyncLog.Entry(1, c)), false));
        assertThrows(IllegalArgumentException.class, () -> batches.changes("box/1", List.of(c)));
    }

    @Test
    void acksWithLongRejectionMessagesAreSplitUnderTheBudgetInOrder() {
        SyncBatches batches = new SyncBatches(CODEC);
        List<SyncResult> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            results.add(
                    i % 3 == 0
                            ? SyncResult.rejected(uuid(), Refusal.STAMP_REUSED, "x".repeat(20_000))
                            : SyncResult.of(uuid(), SyncOutcome.APPLIED));
        }

        List<SyncAcks> messages = batches.acks(results);

        assertTrue(messages.size() > 1, "40 results with 14 long messages need several acks");
        List<SyncResult> again = new ArrayList<>();
        for (SyncAcks acks : messages) {
            assertTrue(CODEC.toBytes(acks).length <= SyncBatches.DEFAULT_BUDGET);
            again.addAll(acks.results());
        }
        assertEquals(results, again);
        assertEquals(List.of(), batches.acks(List.of()));
        assertEquals(1, batches.acks(results.subList(1, 3)).size());
        assertThrows(
                SyncBatches.TooLarge.class,
                () -> batches.acks(List.of(SyncResult.rejected("c", Refusal.INVALID, "y".repeat(130_000)))));
    }
}
