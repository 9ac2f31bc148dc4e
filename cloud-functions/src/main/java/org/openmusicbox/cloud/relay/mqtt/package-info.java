/** The relay's side of the broker (Paho, through the cloud's {@code mqtt.MqttConnection}). */
package org.openmusicbox.cloud.relay.mqtt;
