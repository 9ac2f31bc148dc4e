/** The way back to a device: {@link org.openmusicbox.cloud.device.DeviceLink}, implemented by the MQTT binding. */
package org.openmusicbox.cloud.device;
