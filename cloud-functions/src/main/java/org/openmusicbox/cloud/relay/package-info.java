/**
 * The cloud relay (docs/relay.md): a parent away from home reaches the box's page, HTTP API and Socket.IO through
 * here, as commands over MQTT. Runs as profile {@code relay} of the cloud app; keeps no durable state.
 * {@code relay.http} serves the page and passes the API on, {@code relay.socketio} holds the phones' sockets
 * (netty-socketio), {@code relay.mqtt} is the broker side (Paho).
 */
package org.openmusicbox.cloud.relay;
