/**
 * The composition root: the one package that builds every room and wires them together. {@code EdgeAgent} is
 * the entry point and builds the rooms the endpoints share ({@code Parts}); each endpoint is put together in a
 * class of its own here ({@code SocketEndpoint}, {@code HttpEndpoint}). Nothing outside this package depends
 * on it; whatever a room needs is handed to it here.
 */
package org.openmusicbox.edge;
