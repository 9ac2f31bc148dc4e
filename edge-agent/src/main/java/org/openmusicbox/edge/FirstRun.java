package org.openmusicbox.edge;

import java.net.InetAddress;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.access.ParentAccess;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.edge.controls.Buttons;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.nfc.TagReader;
import org.openmusicbox.edge.setup.Claim;
import org.openmusicbox.edge.setup.Later;
import org.openmusicbox.edge.setup.Presence;
import org.openmusicbox.edge.setup.ResetGesture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first run put together: the claim, and the hand at the box (tags and buttons) that finishes it or resets
 * a box whose code was forgotten, seen on the way to what the tags and buttons do.
 */
final class FirstRun {

    // These lines belong to the agent's start-up, and read so in the log.
    private static final Logger log = LoggerFactory.getLogger(EdgeAgent.class);

    private FirstRun() {}

    /** Builds the claim and starts the reader and the buttons with their listeners behind the hand at the box. */
    static Claim start(
            EdgeConfig config,
            ParentAccess access,
            LongSupplier clock,
            Library library,
            TagReader reader,
            TagReader.Listener tags,
            Buttons buttons,
            Buttons.Listener presses) {
        EdgeConfig.Setup setup = config.setup();
        Later later = Later.onOwnThread();
        Claim claim = new Claim(access, later, clock, setup.presenceMs(), setup.codeIterations());
        ResetGesture gesture = new ResetGesture(
                later,
                setup.resetHoldMs(),
                claim::claimed,
                tag -> library.playlistForTag(tag.hex()).isEmpty(),
                () -> claim.reset("a hold at the box"));
        Presence hand = new Presence(claim, gesture, tags, presses);
        reader.start(hand);
        buttons.start(hand);
        return claim;
    }

    /** One line for whoever reads the console of a new box; a parent never needs it. */
    static void greet(EdgeConfig config, ParentAccess access, int httpPort) {
        if (access.claimed()) {
            return;
        }
        if (!config.bind().equals("0.0.0.0")) {
            log.warn(
                    "This box is new: open http://{}:{}/ on a phone on the same network to set it up",
                    config.bind(),
                    httpPort);
            return;
        }
        // A name.local needs mDNS on the network; the address works without it, so both are given.
        String address = homeAddress();
        log.warn(
                "This box is new: open http://{}:{}/{} on a phone on the same network to set it up",
                hostname(),
                httpPort,
                address == null ? "" : " (or http://" + address + ":" + httpPort + "/)");
    }

    /** The box's first IPv4 address on a network (not the loopback), or null. */
    private static String homeAddress() {
        try {
            for (java.net.NetworkInterface nic :
                    java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static String hostname() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.contains(".") ? name : name + ".local";
        } catch (java.io.IOException e) {
            return "<this box's address>";
        }
    }
}
