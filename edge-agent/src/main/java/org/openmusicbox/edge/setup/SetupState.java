package org.openmusicbox.edge.setup;

/**
 * Where the first run stands, as {@code GET /api/setup} and {@code state:setup} say it.
 *
 * @param state {@link #UNCLAIMED}, {@link #WAITING} or {@link #CLAIMED}
 * @param expiresAt while waiting: when the window for a press or a tag closes (ms since the epoch), else null
 * @param expiresInMs while waiting: how long the window still lasts by the box's clock (a phone's clock may differ)
 */
public record SetupState(String state, String boxName, Long expiresAt, Long expiresInMs) {

    public static final String UNCLAIMED = "unclaimed";
    public static final String WAITING = "waiting";
    public static final String CLAIMED = "claimed";
}
