/**
 * Cloud side of the Open Music Box: playlist store, two-way sync with the boxes ({@code sync}), upload processing,
 * YouTube downloads and the MQTT binding
 * to the devices. {@link org.openmusicbox.cloud.CloudApplication} is the Spring Boot entry point; the beans
 * are wired in {@code config}.
 */
package org.openmusicbox.cloud;
