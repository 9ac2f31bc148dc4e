package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A box whose port is taken by another program stops with a line that says so and exit status 1. Netty
 * reports the taken port as a checked exception no signature declares; a start that let it slip by would
 * leave the process running, half started, with nobody answering.
 */
class TakenPortTest {

    /** Far above a start on this machine; the process is killed after it. */
    private static final long DEADLINE_S = 60;

    @TempDir
    Path tmp;

    @Test
    void aTakenSocketIoPortStopsTheStartWithAClearLine() throws Exception {
        try (ServerSocket taken = bound()) {
            assertStopsSaying(freePort(), taken.getLocalPort(), "socketio");
        }
    }

    @Test
    void aTakenHttpPortStopsTheStartWithAClearLine() throws Exception {
        try (ServerSocket taken = bound()) {
            assertStopsSaying(taken.getLocalPort(), freePort(), "http");
        }
    }

    private void assertStopsSaying(int httpPort, int socketPort, String which) throws Exception {
        Path log = tmp.resolve(which + ".log");
        Process agent = AgentProcess.start(
                log,
                Map.of(
                        "OMB_DATA_DIR", tmp.resolve(which + "-data").toString(),
                        "OMB_HTTP_PORT", Integer.toString(httpPort),
                        "OMB_SOCKETIO_PORT", Integer.toString(socketPort)));
        try {
            boolean stopped = agent.waitFor(DEADLINE_S, TimeUnit.SECONDS);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(stopped, "the process is still running " + DEADLINE_S + " s later:\n" + output);
            assertEquals(1, agent.exitValue(), output);
            assertTrue(output.contains("The edge agent could not start"), output);
            assertTrue(output.toLowerCase().contains("address already in use"), output);
        } finally {
            agent.destroyForcibly();
        }
    }

    private static ServerSocket bound() throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return s;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
