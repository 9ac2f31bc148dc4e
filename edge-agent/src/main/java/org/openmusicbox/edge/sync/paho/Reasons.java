package org.openmusicbox.edge.sync.paho;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;

/** Why a connection failed or ended, in the words health shows a parent or an operator. */
final class Reasons {

    private static final int BAD_USER_NAME_OR_PASSWORD = 0x86;
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int CLIENT_ID_NOT_VALID = 0x85;
    private static final int SERVER_UNAVAILABLE = 0x88;
    private static final int SERVER_BUSY = 0x89;
    private static final int BANNED = 0x8A;
    private static final int SESSION_TAKEN_OVER = 0x8E;

    private Reasons() {}

    /** @param address {@code host:port} of the broker */
    static String of(MqttException e, String address) {
        switch (e.getReasonCode()) {
            case BAD_USER_NAME_OR_PASSWORD:
            case NOT_AUTHORIZED:
                // Mosquitto answers "not authorized" for a wrong password as well as for a missing one.
                return "broker refused the credentials (" + brokerWords(e) + ")";
            case CLIENT_ID_NOT_VALID:
                return "broker refused the device id as client id";
            case SERVER_UNAVAILABLE:
            case SERVER_BUSY:
                return "broker at " + address + " is unavailable or busy";
            case BANNED:
                return "broker has banned this box";
            case MqttClientException.REASON_CODE_CLIENT_TIMEOUT:
                return "broker at " + address + " did not answer in time";
            default:
                break;
        }
        Throwable cause = e.getCause();
        while (cause != null) {
            if (cause instanceof ConnectException) {
                return "cannot reach " + address + ": connection refused";
            }
            if (cause instanceof UnknownHostException) {
                return "cannot reach " + address + ": unknown host";
            }
            if (cause instanceof NoRouteToHostException) {
                return "cannot reach " + address + ": no route to host";
            }
            if (cause instanceof SocketTimeoutException) {
                return "cannot reach " + address + ": timed out";
            }
            if (cause instanceof SSLException) {
                return "TLS with " + address + " failed: " + cause.getMessage();
            }
            if (cause instanceof java.io.EOFException) {
                return "lost the connection to " + address + ": the broker closed it";
            }
            if (cause instanceof IOException) {
                return (e.getReasonCode() == MqttClientException.REASON_CODE_CONNECTION_LOST
                                ? "lost the connection to "
                                : "cannot reach ")
                        + address + ": "
                        + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
            }
            cause = cause.getCause();
        }
        if (e.getReasonCode() == MqttClientException.REASON_CODE_CONNECTION_LOST) {
            return "lost the connection to " + address;
        }
        return "connection to " + address + " failed: " + brokerWords(e);
    }

    /** Why a connection that was up has ended. */
    static String of(MqttDisconnectResponse response, String address) {
        if (response.getException() != null) {
            return of(response.getException(), address);
        }
        if (response.getReturnCode() == SESSION_TAKEN_OVER) {
            return "another client connected with this device id and took the session over";
        }
        String why = response.getReasonString();
        return "broker at " + address + " closed the connection (reason code " + response.getReturnCode()
                + (why == null ? "" : ": " + why) + ")";
    }

    private static String brokerWords(MqttException e) {
        return e.getMessage() + ", code " + e.getReasonCode();
    }
}
