package org.openmusicbox.protocol.v1.mqtt;

/**
 * {@code remote/viewers/{relay_id}}, relay to device, retained with a message expiry: how many of this box's viewers
 * are connected to relay instance {@code relay_id}. The box mirrors its state ({@code remote/state}) while any
 * instance counts one or more. A relay refreshes a non-zero count every {@link #REFRESH_SECONDS} and publishes it with
 * an expiry of {@link #EXPIRY_SECONDS}, so the count of an instance that died without a word goes away by itself;
 * the box also forgets a count it has not heard again within the expiry. {@code updated_at} is an ISO-8601 instant.
 */
public record RemoteViewers(String relayId, Integer count, String updatedAt) {

    public static final int REFRESH_SECONDS = 30;
    public static final int EXPIRY_SECONDS = 75;

    /** More viewers of one box than one instance could hold: a bound for a reader. */
    public static final int MAX_COUNT = 100_000;

    public RemoteViewers {
        Check.deviceId(relayId, "relay_id");
        Check.required(count, "count");
        if (count < 0 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be 0.." + MAX_COUNT + ", was " + count);
        }
        Check.instant(updatedAt, "updated_at");
    }
}
