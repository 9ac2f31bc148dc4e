package org.openmusicbox.protocol.v1.mqtt;

/**
 * {@code sync/pull}, device to cloud: "send me my change log after {@code after}". {@code after} is the box's cursor,
 * the {@code seq} of the last entry it applied (0 for none); {@code limit} caps the entries of the answer, which the
 * cloud may cut shorter to stay under the size budget. The answer is a {@link SyncLog} with the same
 * {@code request_id}.
 */
public record SyncPull(String deviceId, String requestId, long after, int limit) {

    /** The most entries one pull may ask for. */
    public static final int MAX_LIMIT = 1_000;

    public SyncPull {
        Check.deviceId(deviceId, "device_id");
        Check.present(requestId, "request_id");
        Check.safeCount(after, "after");
        Check.positive(limit, "limit");
        if (limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be at most " + MAX_LIMIT + ", was " + limit);
        }
    }
}
