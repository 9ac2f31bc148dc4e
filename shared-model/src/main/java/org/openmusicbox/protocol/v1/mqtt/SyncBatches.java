package org.openmusicbox.protocol.v1.mqtt;

import java.util.ArrayList;
import java.util.List;
import org.openmusicbox.protocol.json.JsonCodec;

/**
 * Packs field changes into {@code sync/changes} messages, and log entries into a {@code sync/log} page, under a byte
 * budget. Sizes are the codec's encoded bytes of each change or entry, not an estimate: the broker refuses a message
 * over its limit as a whole, and an outbox entry that never fits would block every entry after it.
 *
 * <p>A change that does not fit alone is a {@link TooLarge}. With {@link SyncChange#MAX_ORDER} and the 36-character
 * UUIDs the box and the cloud use as ids, the largest change (an {@code order}) fits under {@link #DEFAULT_BUDGET};
 * a writer that accepts ids of its own choosing checks {@link #fitsAlone} before it stores the edit.
 */
public final class SyncBatches {

    /** AWS IoT Core refuses a publish whose payload is larger than 128 KB. */
    public static final int MAX_PAYLOAD = 128 * 1024;

    /** {@link #MAX_PAYLOAD} less 4 KiB for the topic, the MQTT 5 properties and whatever a relay adds. */
    public static final int DEFAULT_BUDGET = MAX_PAYLOAD - 4 * 1024;

    private final JsonCodec codec;
    private final int budget;

    public SyncBatches(JsonCodec codec) {
        this(codec, DEFAULT_BUDGET);
    }

    public SyncBatches(JsonCodec codec, int budget) {
        this.codec = Check.required(codec, "codec");
        if (budget < 1 || budget > MAX_PAYLOAD) {
            throw new IllegalArgumentException("budget must be 1.." + MAX_PAYLOAD + " bytes, was " + budget);
        }
        this.budget = budget;
    }

    public int budget() {
        return budget;
    }

    /** The encoded size of any message of the protocol, in bytes. */
    public int size(Object message) {
        return codec.toBytes(message).length;
    }

    /**
     * All {@code changes}, in their order, as few {@code sync/changes} messages as the budget allows, each within it.
     * An empty list gives no message.
     */
    public List<SyncChanges> changes(String deviceId, List<SyncChange> changes) {
        Check.deviceId(deviceId, "device_id");
        changes = Check.list(changes, "changes");
        List<SyncChanges> messages = new ArrayList<>();
        if (changes.isEmpty()) {
            return messages;
        }
        // {"device_id":"...","changes":[]} around the changes, with a comma between two of them.
        int frame = size(new SyncChanges(deviceId, List.of(changes.get(0)))) - size(changes.get(0));
        List<SyncChange> batch = new ArrayList<>();
        int used = frame;
        for (SyncChange change : changes) {
            int bytes = size(change);
            if (frame + bytes > budget) {
                throw new TooLarge(change.changeId(), frame + bytes, budget);
            }
            int added = batch.isEmpty() ? bytes : bytes + 1;
            if (used + added > budget) {
                messages.add(new SyncChanges(deviceId, batch));
                batch = new ArrayList<>();
                used = frame;
                added = bytes;
            }
            batch.add(change);
            used += added;
        }
        messages.add(new SyncChanges(deviceId, batch));
        return messages;
    }

    /**
     * All {@code results}, in their order, as few {@code sync/acks} messages as the budget allows. An answer is
     * usually smaller than the batch it answers, but a rejection's {@code message} is free text: the cloud splits
     * rather than trust that. An empty list gives no message.
     */
    public List<SyncAcks> acks(List<SyncResult> results) {
        results = Check.list(results, "results");
        List<SyncAcks> messages = new ArrayList<>();
        if (results.isEmpty()) {
            return messages;
        }
        int frame = size(new SyncAcks(List.of(results.get(0)))) - size(results.get(0));
        List<SyncResult> batch = new ArrayList<>();
        int used = frame;
        for (SyncResult result : results) {
            int bytes = size(result);
            if (frame + bytes > budget) {
                throw new TooLarge(result.changeId(), frame + bytes, budget);
            }
            int added = batch.isEmpty() ? bytes : bytes + 1;
            if (used + added > budget) {
                messages.add(new SyncAcks(batch));
                batch = new ArrayList<>();
                used = frame;
                added = bytes;
            }
            batch.add(result);
            used += added;
        }
        messages.add(new SyncAcks(batch));
        return messages;
    }

    /** Whether a {@code sync/changes} message holding this change alone is within the budget. */
    public boolean fitsAlone(String deviceId, SyncChange change) {
        return size(new SyncChanges(deviceId, List.of(change))) <= budget;
    }

    /**
     * The {@code sync/log} page answering a pull after {@code after}: the longest run of {@code entries} (read from
     * the log in {@code seq} order, at most the pull's limit) that fits the budget. {@code more} is true when
     * entries were left out here or {@code moreInLog} says the log holds more after the last one given.
     */
    public SyncLog page(String requestId, long after, List<SyncLog.Entry> entries, boolean moreInLog) {
        Check.present(requestId, "request_id");
        Check.safeCount(after, "after");
        entries = Check.list(entries, "entries");
        if (entries.isEmpty()) {
            if (moreInLog) {
                throw new IllegalArgumentException("a log with more entries must give at least one");
            }
            return new SyncLog(requestId, List.of(), after, false);
        }
        // The longest frame: a 16-digit next and "false". The page's own is at most this long.
        int frame = size(new SyncLog(requestId, List.of(), Check.MAX_SAFE_INTEGER, false));
        if (entries.get(0).seq() <= after) {
            throw new IllegalArgumentException("entries must come after " + after + ", the first was "
                    + entries.get(0).seq());
        }
        List<SyncLog.Entry> page = new ArrayList<>();
        int used = frame;
        for (SyncLog.Entry entry : entries) {
            int bytes = size(entry);
            int added = page.isEmpty() ? bytes : bytes + 1;
            if (used + added > budget) {
                if (page.isEmpty()) {
                    throw new TooLarge(entry.change().changeId(), used + added, budget);
                }
                break;
            }
            page.add(entry);
            used += added;
        }
        boolean more = page.size() < entries.size() || moreInLog;
        return new SyncLog(requestId, page, page.get(page.size() - 1).seq(), more);
    }

    /** A single change whose message would be over the budget even alone. */
    public static final class TooLarge extends IllegalArgumentException {

        private final String changeId;

        TooLarge(String changeId, int bytes, int budget) {
            super("change " + changeId + " needs a message of " + bytes + " bytes, over the budget of " + budget);
            this.changeId = changeId;
        }

        public String changeId() {
            return changeId;
        }
    }
}
