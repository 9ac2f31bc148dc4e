/**
 * The media cache: audio files that come from the cloud (uploads through the cloud, YouTube), downloaded
 * into the media directory as {@code <sha256>.<ext>}, checked by sha256, written atomically, resumed
 * after a cut, and evicted least-recently-played within a disk budget, never a kept one. Ports
 * {@link org.openmusicbox.edge.media.MediaBook} (what the cache remembers) and
 * {@link org.openmusicbox.edge.media.Keep} (what must stay).
 */
package org.openmusicbox.edge.media;
