/** The relay's HTTP side: the packaged page and the box's API under {@code /boxes/{device_id}/}. */
package org.openmusicbox.cloud.relay.http;
