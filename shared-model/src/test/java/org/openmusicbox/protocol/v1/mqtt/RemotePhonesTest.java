package org.openmusicbox.protocol.v1.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.json.JsonCodec.JsonFormatException;

/** The {@code remote/phones} payload refuses what a relay could misread: it is what lets a phone in. */
class RemotePhonesTest {

    private static final JsonCodec CODEC = new JsonCodec();
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String AT = "2026-12-07T14:40:52Z";

    private static void refused(String field, Consumer<ObjectNode> edit) {
        ObjectNode tree = (ObjectNode) CODEC.readTree(MqttFixtureRoundTripTest.fixture("remote-phones"));
        edit.accept(tree);
        String json = tree.toString();
        JsonFormatException e =
                assertThrows(JsonFormatException.class, () -> CODEC.read(json.getBytes(), RemotePhones.class), json);
        assertTrue(e.getMessage().contains(field), () -> "message does not name " + field + ": " + e.getMessage());
    }

    private static ObjectNode phone(ObjectNode tree, int i) {
        return (ObjectNode) tree.get("phones").get(i);
    }

    @Test
    void theFixtureReadsAsTwoPhonesWithRemoteAccessOn() {
        RemotePhones read = CODEC.read(MqttFixtureRoundTripTest.fixture("remote-phones"), RemotePhones.class);
        assertTrue(read.enabled());
        assertEquals("phone-3f9a0c17d2b4e865", read.phones().get(0).phoneId());
        assertEquals(SHA, read.phones().get(0).credentialSha256());
        assertEquals(2, read.phones().size());
    }

    @Test
    void badFieldsAreRefusedNamingTheField() {
        refused("enabled", t -> t.remove("enabled"));
        refused("enabled", t -> t.putNull("enabled"));
        refused("phones", t -> t.remove("phones"));
        refused("phones[2]", t -> ((ArrayNode) t.get("phones")).addNull());
        refused("updated_at", t -> t.put("updated_at", "yesterday"));
        refused("updated_at", t -> t.remove("updated_at"));
        refused("credential_sha256", t -> phone(t, 0).put("credential_sha256", SHA.toUpperCase()));
        refused("credential_sha256", t -> phone(t, 0).put("credential_sha256", SHA.substring(1)));
        refused("credential_sha256", t -> phone(t, 0).remove("credential_sha256"));
        refused("phone_id", t -> phone(t, 0).put("phone_id", "phone-3f9a"));
        refused("phone_id", t -> phone(t, 0).put("phone_id", "../box-2"));
        refused("phone_id", t -> phone(t, 0).remove("phone_id"));
        refused("listed twice", t -> phone(t, 1).put("phone_id", "phone-3f9a0c17d2b4e865"));
    }

    @Test
    void atMostTwoHundredPhones() {
        List<RemotePhones.Phone> phones = new ArrayList<>();
        for (int i = 0; i < RemotePhones.MAX_PHONES; i++) {
            phones.add(new RemotePhones.Phone(String.format("phone-%016x", i), SHA));
        }
        assertEquals(200, new RemotePhones(true, phones, AT).phones().size());
        phones.add(new RemotePhones.Phone(String.format("phone-%016x", 999), SHA));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new RemotePhones(true, phones, AT));
        assertTrue(e.getMessage().contains("at most 200"), e.getMessage());
    }

    @Test
    void theListIsCopied() {
        List<RemotePhones.Phone> phones =
                new ArrayList<>(List.of(new RemotePhones.Phone("phone-0123456789abcdef", SHA)));
        RemotePhones list = new RemotePhones(false, phones, AT);
        phones.clear();
        assertEquals(1, list.phones().size());
        assertThrows(UnsupportedOperationException.class, () -> list.phones().clear());
    }
}
