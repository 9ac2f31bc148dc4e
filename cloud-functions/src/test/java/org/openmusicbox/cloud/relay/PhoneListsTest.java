package org.openmusicbox.cloud.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmusicbox.protocol.v1.mqtt.RemotePhones;

class PhoneListsTest {

    static final String PHONE_A = "phone-00000000000000aa";
    static final String PHONE_B = "phone-00000000000000bb";
    static final String NOW = "2026-11-26T08:15:02Z";

    static RemotePhones list(boolean enabled, String phoneId, String credential) {
        return new RemotePhones(
                enabled, List.of(new RemotePhones.Phone(phoneId, PhoneLists.sha256Hex(credential))), NOW);
    }

    @Test
    void aPairedPhonesCredentialOpensItsBox() {
        PhoneLists lists = new PhoneLists();
        lists.update("box-a", list(true, PHONE_A, "secret-a"));
        assertThat(lists.phoneFor("box-a", "secret-a")).contains(PHONE_A);
    }

    @Test
    void aPhoneJustPairedIsLetInBeforeTheBoxsNewListArrivesButOnlyOnItsBoxAndWhileRemoteAccessIsOn() {
        PhoneLists lists = new PhoneLists();
        lists.update("box-a", list(true, PHONE_A, "secret-a"));
        lists.update("box-b", list(false, PHONE_B, "secret-b"));
        lists.paired("box-a", "phone-00000000000000ff", "fresh");
        lists.paired("box-b", "phone-00000000000000fe", "fresh-b");
        lists.paired("box-c", "phone-00000000000000fd", "fresh-c");
        assertThat(lists.phoneFor("box-a", "fresh")).contains("phone-00000000000000ff");
        assertThat(lists.phoneFor("box-a", "secret-a")).contains(PHONE_A);
        assertThat(lists.phoneFor("box-b", "fresh-b"))
                .as("remote access off on box B")
                .isEmpty();
        assertThat(lists.phoneFor("box-c", "fresh-c")).as("no list of box C").isEmpty();
        assertThat(lists.phoneFor("box-b", "fresh")).isEmpty();
        // The box's own list wins when it comes.
        lists.update("box-a", list(true, PHONE_A, "secret-a"));
        assertThat(lists.phoneFor("box-a", "fresh")).isEmpty();
    }

    @Test
    void boxAsCredentialOpensNothingOfBoxB() {
        PhoneLists lists = new PhoneLists();
        lists.update("box-a", list(true, PHONE_A, "secret-a"));
        lists.update("box-b", list(true, PHONE_B, "secret-b"));
        assertThat(lists.phoneFor("box-b", "secret-a")).isEmpty();
        assertThat(lists.phoneFor("box-a", "secret-b")).isEmpty();
    }

    @Test
    void aRevokedPhoneIsRefusedAndItsConnectionsNamed() {
        PhoneLists lists = new PhoneLists();
        lists.update("box-a", list(true, PHONE_A, "secret-a"));
        var dropped = lists.update("box-a", new RemotePhones(true, List.of(), NOW));
        assertThat(dropped).containsExactly(PHONE_A);
        assertThat(lists.phoneFor("box-a", "secret-a")).isEmpty();
        assertThat(lists.admits("box-a", PHONE_A)).isFalse();
    }

    @Test
    void remoteAccessOffLetsNoPhoneIn() {
        PhoneLists lists = new PhoneLists();
        lists.update("box-a", list(true, PHONE_A, "secret-a"));
        var dropped = lists.update("box-a", list(false, PHONE_A, "secret-a"));
        assertThat(dropped).containsExactly(PHONE_A);
        assertThat(lists.phoneFor("box-a", "secret-a")).isEmpty();
    }

    @Test
    void aWrongMissingOrOverlongCredentialIsRefused() {
        PhoneLists lists = new PhoneLists();
        lists.update("box-a", list(true, PHONE_A, "secret-a"));
        assertThat(lists.phoneFor("box-a", "secret-b")).isEmpty();
        assertThat(lists.phoneFor("box-a", "SECRET-A")).isEmpty();
        assertThat(lists.phoneFor("box-a", null)).isEmpty();
        assertThat(lists.phoneFor("box-a", "")).isEmpty();
        assertThat(lists.phoneFor("box-a", "x".repeat(PhoneLists.MAX_CREDENTIAL_CHARS + 1)))
                .isEmpty();
        assertThat(lists.phoneFor("box-unknown", "secret-a")).isEmpty();
    }

    @Test
    void aClearedListLetsNoPhoneIn() {
        PhoneLists lists = new PhoneLists();
        lists.update("box-a", list(true, PHONE_A, "secret-a"));
        assertThat(lists.update("box-a", null)).containsExactly(PHONE_A);
        assertThat(lists.phoneFor("box-a", "secret-a")).isEmpty();
    }
}
