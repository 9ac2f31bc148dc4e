package org.openmusicbox.edge.api.http;

/** Who may use a route; every route is registered with one (see {@link Routes#add}). */
public enum Access {
    /** Anyone: health, the simulated reader (it stands in for a child's hand), the web page. */
    OPEN,
    /** Looking: anyone while {@code omb.auth.read-open} is true, else only the parent. */
    READ,
    /** Every change: only with the parent access token. */
    PARENT,
    /**
     * Remote access itself (the switch, pairing codes, removing phones): a parent's session or the configured
     * token, never a paired phone's credential, so that a lost phone cannot pair another or turn remote access
     * back on.
     */
    PARENT_CODE,
    /**
     * A player control a child can hammer on a phone (play, pause, stop, toggle, next, previous): a
     * parent route that is also limited per address ({@code omb.player.controls-per-minute}). The
     * box's own buttons and the tag reader never pass here and are never limited.
     */
    BUTTON
}
