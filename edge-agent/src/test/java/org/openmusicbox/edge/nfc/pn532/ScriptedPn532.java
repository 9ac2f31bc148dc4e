package org.openmusicbox.edge.nfc.pn532;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A PN532 on the far side of an I2C bus, in memory. It parses each host frame it receives the way
 * the chip does (preamble, LEN/LCS, TFI 0xD4, DCS, postamble), answers an ACK and then the response
 * frame, and reports them through the status byte as the chip does on I2C. Its frame code is written
 * independently of {@link Pn532}'s so that each checks the other.
 *
 * <p>Scriptable: a tag resting on the antenna (or none), missed reads, and faults: NACK instead of
 * ACK, a corrupted checksum, never ready, an I/O error on the bus.
 */
final class ScriptedPn532 implements Pn532Link {

    static final byte[] FIRMWARE = {0x32, 0x01, 0x06, 0x07};
    private static final byte[] ACK = {0x00, 0x00, (byte) 0xFF, 0x00, (byte) 0xFF, 0x00};
    private static final byte[] NACK = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF, 0x00, 0x00};
    private static final byte[] ERROR_FRAME = {0x00, 0x00, (byte) 0xFF, 0x01, (byte) 0xFF, 0x7F, (byte) 0x81, 0x00};

    private final ArrayDeque<byte[]> outgoing = new ArrayDeque<>();
    private final List<String> hostFrameErrors = new ArrayList<>();
    private final List<Integer> commands = new ArrayList<>();
    private byte[] tag;
    private int missReads;
    private int polls;
    private boolean nackNext;
    private boolean corruptNext;
    private boolean neverReady;
    private boolean ioFailure;
    private int samMode = -1;
    private int aborts;
    private boolean closed;

    // ---- the scene --------------------------------------------------------------------------

    synchronized void place(String uidHex) {
        tag = HexFormat.of().parseHex(uidHex);
    }

    synchronized void lift() {
        tag = null;
    }

    /** The next {@code count} polls find nothing although a tag may be resting. */
    synchronized void missReads(int count) {
        missReads = count;
    }

    synchronized void nackNext() {
        nackNext = true;
    }

    /** The next response frame has a wrong data checksum. */
    synchronized void corruptNextResponse() {
        corruptNext = true;
    }

    synchronized void neverReady(boolean on) {
        neverReady = on;
    }

    /** Every read and write fails, as when the board is unplugged. */
    synchronized void failIo(boolean on) {
        ioFailure = on;
    }

    // ---- what happened ----------------------------------------------------------------------

    synchronized int polls() {
        return polls;
    }

    synchronized int count(int command) {
        return (int) commands.stream().filter(c -> c == command).count();
    }

    synchronized List<String> hostFrameErrors() {
        return List.copyOf(hostFrameErrors);
    }

    synchronized int samMode() {
        return samMode;
    }

    synchronized int aborts() {
        return aborts;
    }

    synchronized boolean closed() {
        return closed;
    }

    /** Waits until the reader has polled {@code count} times in all; false on timeout. */
    synchronized boolean awaitPolls(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (polls < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    // ---- the bus ----------------------------------------------------------------------------

    @Override
    public synchronized void write(byte[] bytes) throws IOException {
        if (ioFailure) {
            throw new IOException("scripted I/O error on write");
        }
        if (Arrays.equals(bytes, ACK)) {
            outgoing.clear();
            aborts++;
            return;
        }
        byte[] data;
        try {
            data = parseHostFrame(bytes);
        } catch (IllegalArgumentException bad) {
            // The chip ignores a frame it cannot read: no ACK, nothing.
            hostFrameErrors.add(bad.getMessage());
            return;
        }
        int command = data[0] & 0xFF;
        commands.add(command);
        outgoing.clear();
        if (nackNext) {
            nackNext = false;
            outgoing.add(NACK);
            return;
        }
        outgoing.add(ACK);
        outgoing.add(answer(command, Arrays.copyOfRange(data, 1, data.length)));
    }

    @Override
    public synchronized byte[] read(int length) throws IOException {
        if (ioFailure) {
            throw new IOException("scripted I/O error on read");
        }
        byte[] read = new byte[length];
        boolean ready = !neverReady && !outgoing.isEmpty();
        read[0] = (byte) (ready ? 0x01 : 0x00);
        if (ready && length > 1) {
            byte[] frame = outgoing.poll();
            System.arraycopy(frame, 0, read, 1, Math.min(frame.length, length - 1));
        }
        return read;
    }

    @Override
    public String where() {
        return "scripted I2C";
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private byte[] answer(int command, byte[] parameters) {
        byte[] data = switch (command) {
            case 0x02 -> concat(new byte[] {0x03}, FIRMWARE);
            case 0x14 -> {
                samMode = parameters.length > 0 ? parameters[0] & 0xFF : -1;
                yield new byte[] {0x15};
            }
            case 0x32 -> new byte[] {0x33};
            case 0x4A -> inListPassiveTarget(parameters);
            default -> null;
        };
        if (data == null) {
            return ERROR_FRAME;
        }
        byte[] frame = responseFrame(data);
        if (corruptNext) {
            corruptNext = false;
            frame[frame.length - 2] ^= 0x5A;
        }
        return frame;
    }

    private byte[] inListPassiveTarget(byte[] parameters) {
        if (parameters.length != 2 || parameters[0] != 0x01 || parameters[1] != 0x00) {
            hostFrameErrors.add("InListPassiveTarget wants MaxTg 1, BrTy 0 (106 kbps type A), got "
                    + HexFormat.of().formatHex(parameters));
        }
        polls++;
        notifyAll();
        if (tag == null || missReads > 0) {
            if (missReads > 0) {
                missReads--;
            }
            return new byte[] {0x4B, 0x00};
        }
        // NbTg 1, Tg 1, SENS_RES 00 44, SEL_RES 00, NFCIDLength, NFCID1
        byte[] head = {0x4B, 0x01, 0x01, 0x00, 0x44, 0x00, (byte) tag.length};
        return concat(head, tag);
    }

    /** Checks a host frame as the chip does and returns its data (command code first). */
    static byte[] parseHostFrame(byte[] frame) {
        if (frame.length < 8) {
            throw new IllegalArgumentException(
                    "host frame too short: " + HexFormat.of().formatHex(frame));
        }
        if (frame[0] != 0x00 || frame[1] != 0x00 || frame[2] != (byte) 0xFF) {
            throw new IllegalArgumentException("host frame without preamble 00 00 FF");
        }
        int len = frame[3] & 0xFF;
        if (((len + (frame[4] & 0xFF)) & 0xFF) != 0) {
            throw new IllegalArgumentException("host frame LCS wrong");
        }
        if (frame.length != len + 7) {
            throw new IllegalArgumentException("host frame is " + frame.length + " bytes, LEN says " + (len + 7));
        }
        if (frame[5] != (byte) 0xD4) {
            throw new IllegalArgumentException("host frame TFI is not D4");
        }
        int sum = 0;
        for (int i = 5; i < 5 + len; i++) {
            sum += frame[i] & 0xFF;
        }
        if (((sum + (frame[5 + len] & 0xFF)) & 0xFF) != 0) {
            throw new IllegalArgumentException("host frame DCS wrong");
        }
        if (frame[6 + len] != 0x00) {
            throw new IllegalArgumentException("host frame without postamble 00");
        }
        return Arrays.copyOfRange(frame, 6, 5 + len);
    }

    /** 00 00 FF LEN LCS D5 data DCS 00, written out byte by byte. */
    static byte[] responseFrame(byte[] data) {
        int len = data.length + 1;
        byte[] frame = new byte[len + 7];
        frame[2] = (byte) 0xFF;
        frame[3] = (byte) len;
        frame[4] = (byte) (0x100 - len);
        frame[5] = (byte) 0xD5;
        int sum = 0xD5;
        for (int i = 0; i < data.length; i++) {
            frame[6 + i] = data[i];
            sum += data[i] & 0xFF;
        }
        frame[5 + len] = (byte) ((0x100 - (sum & 0xFF)) & 0xFF);
        return frame;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
