/**
 * Version 1 of the Socket.IO wire protocol: the domain records the box sends (tracks, playlists, player
 * state), the {@code state:*} envelope with its payloads, and every other event payload in both directions.
 * Components are camelCase in Java and snake_case on the wire (see {@code JsonCodec}); the shapes follow
 * the original system's contract so that the existing Vue frontend keeps working unchanged.
 */
package org.openmusicbox.protocol.v1;
