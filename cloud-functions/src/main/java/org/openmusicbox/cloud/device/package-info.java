/**
 * The way back to a device: {@link org.openmusicbox.cloud.device.DeviceLink}, implemented by the MQTT binding and, on
 * AWS Lambda, by IoT Core's data plane ({@code device.iot}); {@link org.openmusicbox.cloud.device.Answered} sends a
 * handler's answer through it.
 */
package org.openmusicbox.cloud.device;
