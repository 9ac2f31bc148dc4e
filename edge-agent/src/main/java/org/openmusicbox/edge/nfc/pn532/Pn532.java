package org.openmusicbox.edge.nfc.pn532;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The PN532 protocol over a {@link Pn532Link}, as the NXP PN532 user manual (UM0701-02) describes
 * it: normal information frames, the I2C status byte, ACK frames, and the four commands the box
 * needs. Every command is: write the host frame, wait for the status byte, read the ACK, wait
 * again, read the response frame. Anything else is a {@link Pn532Exception} saying what came back.
 */
final class Pn532 {

    static final byte HOST_TO_PN532 = (byte) 0xD4;
    static final byte PN532_TO_HOST = (byte) 0xD5;
    static final byte ERROR_FRAME = (byte) 0x7F;

    static final int GET_FIRMWARE_VERSION = 0x02;
    static final int SAM_CONFIGURATION = 0x14;
    static final int RF_CONFIGURATION = 0x32;
    static final int IN_LIST_PASSIVE_TARGET = 0x4A;

    static final byte[] ACK = {0x00, 0x00, (byte) 0xFF, 0x00, (byte) 0xFF, 0x00};
    static final byte[] NACK = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF, 0x00, 0x00};

    /** The I2C status byte when the chip has an ACK or a response ready. */
    static final int READY = 0x01;

    /** Bytes read for a response: the longest the box expects is InListPassiveTarget with a 10-byte UID and an ATS. */
    private static final int RESPONSE_BYTES = 64;

    private static final int SMALL_RESPONSE_BYTES = 16;
    private static final int PN532_IC = 0x32;
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    /** What GetFirmwareVersion answers. */
    record Firmware(int ic, int version, int revision, int support) {
        /** "v1.6" */
        String text() {
            return "v" + version + "." + revision;
        }
    }

    private final Pn532Link link;
    private final Duration timeout;

    /** @param timeout how long to wait for each ACK and each response */
    Pn532(Pn532Link link, Duration timeout) {
        this.link = link;
        this.timeout = timeout;
    }

    Firmware firmwareVersion() throws IOException {
        byte[] answer = command(GET_FIRMWARE_VERSION, SMALL_RESPONSE_BYTES);
        if (answer.length < 4) {
            throw new Pn532Exception("GetFirmwareVersion answered " + answer.length + " bytes, expected 4");
        }
        Firmware firmware = new Firmware(answer[0] & 0xFF, answer[1] & 0xFF, answer[2] & 0xFF, answer[3] & 0xFF);
        if (firmware.ic() != PN532_IC) {
            throw new Pn532Exception(String.format(
                    "the chip at %s says it is IC 0x%02x, not a PN532 (0x32)", link.where(), firmware.ic()));
        }
        return firmware;
    }

    /** SAMConfiguration in normal mode: no secure access module, the chip reads tags itself. */
    void configureNormalMode() throws IOException {
        command(SAM_CONFIGURATION, SMALL_RESPONSE_BYTES, 0x01, 0x14, 0x01);
    }

    /**
     * RFConfiguration item 5 (MaxRetries): a few passive activation attempts instead of the default
     * 0xFF (retry forever), so InListPassiveTarget answers "no target" at once when no tag is there.
     * The values are libnfc's for a non-blocking select.
     */
    void limitActivationRetries() throws IOException {
        command(RF_CONFIGURATION, SMALL_RESPONSE_BYTES, 0x05, 0x00, 0x01, 0x02);
    }

    /**
     * InListPassiveTarget for one ISO 14443 type A target at 106 kbps.
     *
     * @return the UID (NFCID1) of the tag on the reader, or nothing
     */
    Optional<byte[]> readPassiveTarget() throws IOException {
        byte[] answer = command(IN_LIST_PASSIVE_TARGET, RESPONSE_BYTES, 0x01, 0x00);
        if (answer.length < 1) {
            throw new Pn532Exception("InListPassiveTarget answered no target count");
        }
        int targets = answer[0] & 0xFF;
        if (targets == 0) {
            return Optional.empty();
        }
        // NbTg, Tg, SENS_RES (2), SEL_RES, NFCIDLength, NFCID1...
        if (answer.length < 6) {
            throw new Pn532Exception("InListPassiveTarget answer too short for a target: " + HEX.formatHex(answer));
        }
        int uidLength = answer[5] & 0xFF;
        if (uidLength < 2 || uidLength > 16 || answer.length < 6 + uidLength) {
            throw new Pn532Exception(
                    "InListPassiveTarget gave an implausible UID length " + uidLength + ": " + HEX.formatHex(answer));
        }
        return Optional.of(Arrays.copyOfRange(answer, 6, 6 + uidLength));
    }

    /**
     * Sends one command and returns the response data after the response code (command + 1).
     *
     * @param responseBytes how many frame bytes to read for the response (more than the frame is fine)
     */
    byte[] command(int code, int responseBytes, int... parameters) throws IOException {
        byte[] data = new byte[1 + parameters.length];
        data[0] = (byte) code;
        for (int i = 0; i < parameters.length; i++) {
            data[i + 1] = (byte) parameters[i];
        }
        String name = name(code);
        link.write(encode(HOST_TO_PN532, data));

        awaitReady("the ACK to " + name);
        byte[] ack = link.read(1 + ACK.length);
        checkStatus(ack, name);
        checkAck(ack, 1, name);

        try {
            awaitReady("the answer to " + name);
        } catch (Pn532Exception late) {
            abortQuietly();
            throw late;
        }
        byte[] response = link.read(1 + responseBytes);
        checkStatus(response, name);
        byte[] answer = decode(response, 1, PN532_TO_HOST);
        if (answer.length < 1 || (answer[0] & 0xFF) != code + 1) {
            throw new Pn532Exception(String.format(
                    "the answer to %s has code %s, expected 0x%02x",
                    name, answer.length < 1 ? "none" : String.format("0x%02x", answer[0] & 0xFF), code + 1));
        }
        return Arrays.copyOfRange(answer, 1, answer.length);
    }

    /** Polls the status byte until it says ready, or fails when the timeout has passed. */
    private void awaitReady(String what) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            byte[] status = link.read(1);
            if (status[0] == READY) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new Pn532Exception("the PN532 at " + link.where() + " did not become ready within "
                        + timeout.toMillis() + " ms, waiting for " + what);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + what);
            }
        }
    }

    private void checkStatus(byte[] read, String name) throws Pn532Exception {
        if (read[0] != READY) {
            throw new Pn532Exception(
                    String.format("the PN532 said ready for %s, then status 0x%02x on the read", name, read[0] & 0xFF));
        }
    }

    /** Sending an ACK frame makes the PN532 drop the command it is working on (user manual §6.2.1.3). */
    private void abortQuietly() {
        try {
            link.write(ACK.clone());
        } catch (IOException ignored) {
            // The timeout already explains the failure; a failed abort adds nothing.
        }
    }

    /** A normal information frame: 00 00 FF LEN LCS TFI DATA... DCS 00. */
    static byte[] encode(byte frameIdentifier, byte[] data) {
        int length = data.length + 1;
        if (length > 254) {
            throw new IllegalArgumentException("A normal frame carries at most 253 data bytes, not " + data.length);
        }
        byte[] frame = new byte[data.length + 8];
        frame[0] = 0x00;
        frame[1] = 0x00;
        frame[2] = (byte) 0xFF;
        frame[3] = (byte) length;
        frame[4] = (byte) -length;
        frame[5] = frameIdentifier;
        int sum = frameIdentifier;
        for (int i = 0; i < data.length; i++) {
            frame[6 + i] = data[i];
            sum += data[i];
        }
        frame[6 + data.length] = (byte) -sum;
        frame[7 + data.length] = 0x00;
        return frame;
    }

    /**
     * Reads one normal information frame from {@code bytes} starting at {@code from} (after any
     * preamble zeros) and returns its data, the bytes after the frame identifier.
     */
    static byte[] decode(byte[] bytes, int from, byte expectedIdentifier) throws Pn532Exception {
        int start = from;
        while (start < bytes.length && bytes[start] == 0x00) {
            start++;
        }
        if (start == from || start >= bytes.length || bytes[start] != (byte) 0xFF) {
            throw new Pn532Exception("no frame start (00 FF) in " + hex(bytes, from));
        }
        if (start + 2 >= bytes.length) {
            throw new Pn532Exception("frame cut off after its start code: " + hex(bytes, from));
        }
        int length = bytes[start + 1] & 0xFF;
        int lengthChecksum = bytes[start + 2] & 0xFF;
        if (length == 0x00 && lengthChecksum == 0xFF) {
            throw new Pn532Exception("an ACK frame came where an answer was expected");
        }
        if (length == 0xFF && lengthChecksum == 0x00) {
            throw new Pn532Exception("the PN532 answered with a NACK frame");
        }
        if (length == 0xFF && lengthChecksum == 0xFF) {
            throw new Pn532Exception("the PN532 answered with an extended frame, which the box does not use");
        }
        if (((length + lengthChecksum) & 0xFF) != 0) {
            throw new Pn532Exception(String.format(
                    "length checksum error: LEN 0x%02x + LCS 0x%02x is not 0 (mod 256) in %s",
                    length, lengthChecksum, hex(bytes, from)));
        }
        int identifierAt = start + 3;
        int checksumAt = identifierAt + length;
        if (length == 0) {
            throw new Pn532Exception("empty frame (LEN 0) in " + hex(bytes, from));
        }
        if (checksumAt >= bytes.length) {
            throw new Pn532Exception("frame of length " + length + " cut off: " + hex(bytes, from));
        }
        int sum = 0;
        for (int i = identifierAt; i <= checksumAt; i++) {
            sum += bytes[i];
        }
        if ((sum & 0xFF) != 0) {
            throw new Pn532Exception(String.format(
                    "data checksum error: DCS 0x%02x does not match the data in %s",
                    bytes[checksumAt] & 0xFF, hex(bytes, from)));
        }
        byte identifier = bytes[identifierAt];
        if (identifier == ERROR_FRAME && length == 1) {
            throw new Pn532Exception("the PN532 answered with an error frame: it did not understand the command");
        }
        if (identifier != expectedIdentifier) {
            throw new Pn532Exception(String.format(
                    "frame identifier 0x%02x, expected 0x%02x", identifier & 0xFF, expectedIdentifier & 0xFF));
        }
        return Arrays.copyOfRange(bytes, identifierAt + 1, checksumAt);
    }

    static void checkAck(byte[] bytes, int from, String command) throws Pn532Exception {
        byte[] got = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + ACK.length));
        if (Arrays.equals(got, ACK)) {
            return;
        }
        if (Arrays.equals(got, NACK)) {
            throw new Pn532Exception("the PN532 answered NACK to " + command);
        }
        throw new Pn532Exception("expected an ACK to " + command + ", got " + HEX.formatHex(got));
    }

    static String name(int code) {
        return switch (code) {
            case GET_FIRMWARE_VERSION -> "GetFirmwareVersion";
            case SAM_CONFIGURATION -> "SAMConfiguration";
            case RF_CONFIGURATION -> "RFConfiguration";
            case IN_LIST_PASSIVE_TARGET -> "InListPassiveTarget";
            default -> String.format("command 0x%02x", code);
        };
    }

    /** The bytes read from {@code from}, without the zero padding after the frame. */
    private static String hex(byte[] bytes, int from) {
        int start = Math.min(from, bytes.length);
        int end = bytes.length;
        while (end > start && bytes[end - 1] == 0x00) {
            end--;
        }
        return end == start ? "(only zeros)" : HEX.formatHex(bytes, start, end);
    }
}
