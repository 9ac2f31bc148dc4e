package org.openmusicbox.cloud.mqtt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's MQTT broker (Mosquitto on 127.0.0.1:1883, docs/design.md). A test class calls {@link #require()}
 * first; where nothing answers, the tests are skipped with the way to start one (an embedded broker needs a
 * test dependency the module does not have yet).
 */
public final class TestBroker {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 1883;
    public static final String URL = "tcp://" + HOST + ":" + PORT;

    private TestBroker() {}

    public static void require() {
        Assumptions.assumeTrue(
                answers(),
                "No MQTT broker answers on " + HOST + ":" + PORT
                        + "; start Mosquitto with: mosquitto -d -c /etc/mosquitto/mosquitto.conf");
    }

    public static boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A share group and device ids of their own for every test, so leftovers of other runs never interfere. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
