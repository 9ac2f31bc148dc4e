/**
 * The event plumbing every state event passes through on its way out: the sequencer that numbers it
 * ({@code server_seq}, per-playlist {@code playlist_seq}), the history kept for {@code sync:request}, the
 * catch-up that replays it, the broadcaster that encodes it once, and the port {@code Fanout} to the clients.
 * It knows neither the box that raises the events nor the endpoints that deliver them.
 */
package org.openmusicbox.edge.events;
