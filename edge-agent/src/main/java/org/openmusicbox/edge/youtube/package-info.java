/**
 * YouTube imports asked for on the home network and done by the cloud: {@link org.openmusicbox.edge.youtube.Imports}
 * sends a request on {@code youtube/requests} and remembers each task's last known state, and
 * {@link org.openmusicbox.edge.youtube.YoutubeTopics} takes the cloud's progress, completion and failure off the
 * cloud link and tells every LAN client. The tracks themselves reach the box through the sync log, like any edit
 * made in the cloud.
 */
package org.openmusicbox.edge.youtube;
