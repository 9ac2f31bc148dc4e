package org.openmusicbox.edge.nfc.pn532;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Pn532Test {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private final ScriptedPn532 board = new ScriptedPn532();
    private final Pn532 chip = new Pn532(board, Duration.ofMillis(50));

    // ---- frames -----------------------------------------------------------------------------

    @Test
    void getFirmwareVersionIsEncodedAsTheUserManualShowsIt() {
        byte[] frame = Pn532.encode(Pn532.HOST_TO_PN532, new byte[] {0x02});
        assertEquals("00 00 ff 02 fe d4 02 2a 00", HEX.formatHex(frame));
    }

    @Test
    void aFirmwareAnswerFromARealChipDecodes() throws Exception {
        // What a PN532 v1.6 answers to GetFirmwareVersion, preceded by the I2C status byte.
        byte[] read = HEX.parseHex("01 00 00 ff 06 fa d5 03 32 01 06 07 e8 00 00 00");
        assertEquals("03 32 01 06 07", HEX.formatHex(Pn532.decode(read, 1, Pn532.PN532_TO_HOST)));
    }

    @Test
    void framesRoundTripThroughBothCodecs() throws Exception {
        byte[] data = {0x4B, 0x01, 0x01, 0x00, 0x44, 0x00, 0x07, 0x04, (byte) 0xA2, 0x2B, 0x1C, 0x5E, 0x6F, (byte) 0x80
        };
        byte[] fromBoard = ScriptedPn532.responseFrame(data);
        assertArrayEquals(data, Pn532.decode(fromBoard, 0, Pn532.PN532_TO_HOST));
        assertArrayEquals(Pn532.encode(Pn532.PN532_TO_HOST, data), fromBoard);

        byte[] fromHost = Pn532.encode(Pn532.HOST_TO_PN532, data);
        assertArrayEquals(data, ScriptedPn532.parseHostFrame(fromHost));
        assertArrayEquals(data, Pn532.decode(fromHost, 0, Pn532.HOST_TO_PN532));
    }

    @Test
    void everyLengthFromOneTo253DataBytesRoundTrips() throws Exception {
        for (int n = 1; n <= 253; n++) {
            byte[] data = new byte[n];
            for (int i = 0; i < n; i++) {
                data[i] = (byte) (i * 37 + n);
            }
            assertArrayEquals(data, Pn532.decode(Pn532.encode(Pn532.PN532_TO_HOST, data), 0, Pn532.PN532_TO_HOST));
        }
        assertThrows(IllegalArgumentException.class, () -> Pn532.encode(Pn532.HOST_TO_PN532, new byte[254]));
    }

    @Test
    void aWrongDataChecksumIsAnError() {
        byte[] frame = ScriptedPn532.responseFrame(new byte[] {0x03, 0x32, 0x01, 0x06, 0x07});
        frame[frame.length - 2] ^= 0x01;
        Pn532Exception e = assertThrows(Pn532Exception.class, () -> Pn532.decode(frame, 0, Pn532.PN532_TO_HOST));
        assertTrue(e.getMessage().contains("data checksum error"), e.getMessage());
    }

    @Test
    void aWrongLengthChecksumIsAnError() {
        byte[] frame = ScriptedPn532.responseFrame(new byte[] {0x03, 0x32, 0x01, 0x06, 0x07});
        frame[4] ^= 0x01;
        Pn532Exception e = assertThrows(Pn532Exception.class, () -> Pn532.decode(frame, 0, Pn532.PN532_TO_HOST));
        assertTrue(e.getMessage().contains("length checksum error"), e.getMessage());
    }

    @Test
    void aChangedDataByteIsCaughtByTheChecksum() {
        byte[] frame = ScriptedPn532.responseFrame(new byte[] {0x4B, 0x00});
        frame[7] = 0x01;
        assertThrows(Pn532Exception.class, () -> Pn532.decode(frame, 0, Pn532.PN532_TO_HOST));
    }

    @Test
    void nackErrorAndTruncatedFramesAreNamed() {
        assertMessage("NACK", Pn532.NACK);
        assertMessage("ACK frame came", Pn532.ACK);
        assertMessage("error frame", HEX.parseHex("00 00 ff 01 ff 7f 81 00"));
        assertMessage("cut off", HEX.parseHex("00 00 ff 06 fa d5 03 32"));
        assertMessage("no frame start", HEX.parseHex("00 00 00 00"));
        assertMessage("frame identifier 0xd4", Pn532.encode(Pn532.HOST_TO_PN532, new byte[] {0x02}));
    }

    private static void assertMessage(String expected, byte[] bytes) {
        Pn532Exception e = assertThrows(Pn532Exception.class, () -> Pn532.decode(bytes, 0, Pn532.PN532_TO_HOST));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    // ---- commands over the scripted board ---------------------------------------------------

    @Test
    void firmwareVersionIdentifiesThePn532() throws Exception {
        Pn532.Firmware firmware = chip.firmwareVersion();
        assertEquals(new Pn532.Firmware(0x32, 1, 6, 7), firmware);
        assertEquals("v1.6", firmware.text());
        assertEquals(List.of(), board.hostFrameErrors());
    }

    @Test
    void samConfigurationAsksForNormalMode() throws Exception {
        chip.configureNormalMode();
        chip.limitActivationRetries();
        assertEquals(1, board.samMode());
        assertEquals(1, board.count(Pn532.RF_CONFIGURATION));
        assertEquals(List.of(), board.hostFrameErrors());
    }

    @Test
    void inListPassiveTargetGivesTheUidOrNothing() throws Exception {
        assertEquals(Optional.empty(), chip.readPassiveTarget());
        board.place("04a22b1c5e6f80");
        assertEquals(
                "04a22b1c5e6f80",
                HexFormat.of().formatHex(chip.readPassiveTarget().orElseThrow()));
        board.place("deadbeef");
        assertEquals(
                "deadbeef", HexFormat.of().formatHex(chip.readPassiveTarget().orElseThrow()));
        assertEquals(3, board.polls());
        assertEquals(List.of(), board.hostFrameErrors());
    }

    @Test
    void aNackIsAnErrorNamingTheCommand() {
        board.nackNext();
        Pn532Exception e = assertThrows(Pn532Exception.class, chip::firmwareVersion);
        assertEquals("the PN532 answered NACK to GetFirmwareVersion", e.getMessage());
    }

    @Test
    void aCorruptedAnswerIsAnError() {
        board.place("04a22b1c");
        board.corruptNextResponse();
        Pn532Exception e = assertThrows(Pn532Exception.class, chip::readPassiveTarget);
        assertTrue(e.getMessage().contains("data checksum error"), e.getMessage());
    }

    @Test
    void aChipThatNeverGetsReadyTimesOut() {
        board.neverReady(true);
        long started = System.nanoTime();
        Pn532Exception e = assertThrows(Pn532Exception.class, chip::firmwareVersion);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(e.getMessage().contains("did not become ready within 50 ms"), e.getMessage());
        assertTrue(tookMs < 1000, "gave up after " + tookMs + " ms");
    }

    @Test
    void anUnknownCommandGetsTheErrorFrame() {
        Pn532Exception e = assertThrows(Pn532Exception.class, () -> chip.command(0x70, 16));
        assertTrue(e.getMessage().contains("error frame"), e.getMessage());
    }
}
