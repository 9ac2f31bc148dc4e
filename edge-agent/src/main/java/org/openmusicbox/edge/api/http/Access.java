package org.openmusicbox.edge.api.http;

/** Who may use a route; every route is registered with one (see {@link Routes#add}). */
public enum Access {
    /** Anyone: health, the simulated reader (it stands in for a child's hand), the web page. */
    OPEN,
    /** Looking: anyone while {@code omb.auth.read-open} is true, else only the parent. */
    READ,
    /** Every change: only with the parent access token. */
    PARENT,
    /** A player button a child can hammer: a parent route that is also throttled per address. */
    BUTTON
}
