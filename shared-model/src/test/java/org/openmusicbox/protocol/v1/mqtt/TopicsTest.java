package org.openmusicbox.protocol.v1.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

    @Test
    void qosIsOne() {
        assertEquals(1, Topics.QOS);
    }

    @Test
    void eachTopicOfTheTableHasItsBuilder() {
        String p = "omb/v1/devices/box-1/";
        assertEquals(p, Topics.prefix("box-1"));
        assertEquals(p + "library/changes", Topics.libraryChanges("box-1"));
        assertEquals(p + "library/acks", Topics.libraryAcks("box-1"));
        assertEquals(p + "sync/changes", Topics.syncChanges("box-1"));
        assertEquals(p + "sync/acks", Topics.syncAcks("box-1"));
        assertEquals(p + "sync/pull", Topics.syncPull("box-1"));
        assertEquals(p + "sync/log", Topics.syncLog("box-1"));
        assertEquals(p + "uploads/ready", Topics.uploadsReady("box-1"));
        assertEquals(p + "uploads/results", Topics.uploadsResults("box-1"));
        assertEquals(p + "media/requests", Topics.mediaRequests("box-1"));
        assertEquals(p + "media/urls", Topics.mediaUrls("box-1"));
        assertEquals(p + "youtube/requests", Topics.youtubeRequests("box-1"));
        assertEquals(p + "youtube/progress", Topics.youtubeProgress("box-1"));
        assertEquals(p + "youtube/complete", Topics.youtubeComplete("box-1"));
        assertEquals(p + "youtube/error", Topics.youtubeError("box-1"));
        assertEquals(p + "commands", Topics.commands("box-1"));
        assertEquals(p + "commands/replies", Topics.commandReplies("box-1"));
        assertEquals(p + "presence", Topics.presence("box-1"));
        assertEquals(p + "remote/phones", Topics.remotePhones("box-1"));
        assertEquals(p + "errors", Topics.errors("box-1"));
        assertEquals(p + "commands/replies/relay-a", Topics.relayReplies("box-1", "relay-a"));
        assertEquals(p + "remote/viewers/relay-a", Topics.remoteViewers("box-1", "relay-a"));
        assertEquals(p + "remote/state", Topics.remoteState("box-1"));
    }

    @Test
    void aRelayTopicCarriesTheInstanceAndParsesBack() {
        String replies = Topics.relayReplies("box-1", "relay-a");
        assertEquals(TopicKind.RELAY_REPLIES, Topics.kindOf(replies));
        assertEquals("relay-a", Topics.relayIdOf(replies));
        assertEquals("box-1", Topics.deviceOf(replies));
        assertEquals(replies, Topics.parse(replies).topic());
        assertEquals(TopicKind.REMOTE_VIEWERS, Topics.kindOf(Topics.remoteViewers("box-1", "r2")));
        assertEquals(TopicKind.COMMAND_REPLIES, Topics.kindOf(Topics.commandReplies("box-1")));
        assertEquals(null, Topics.relayIdOf(Topics.commandReplies("box-1")));
        assertThrows(IllegalArgumentException.class, () -> Topics.relayReplies("box-1", "a/b"));
        assertThrows(IllegalArgumentException.class, () -> Topics.relayReplies("box-1", "+"));
        assertThrows(IllegalArgumentException.class, () -> Topics.remoteViewers("box-1", null));
    }

    @Test
    void aRelaySubscribesToItsOwnRepliesAndEveryBoxsMirrorPhonesAndPresence() {
        assertEquals(
                List.of(
                        "omb/v1/devices/+/commands/replies/relay-a",
                        "omb/v1/devices/+/remote/state",
                        "omb/v1/devices/+/remote/phones",
                        "omb/v1/devices/+/presence"),
                Topics.relaySubscriptions("relay-a"));
        assertThrows(IllegalArgumentException.class, () -> Topics.relaySubscriptions("#"));
    }

    @Test
    void theCloudSharesTheTopicsDevicesPublish() {
        assertEquals(
                List.of(
                        "$share/omb-cloud/omb/v1/devices/+/library/changes",
                        "$share/omb-cloud/omb/v1/devices/+/sync/changes",
                        "$share/omb-cloud/omb/v1/devices/+/sync/pull",
                        "$share/omb-cloud/omb/v1/devices/+/uploads/ready",
                        "$share/omb-cloud/omb/v1/devices/+/media/requests",
                        "$share/omb-cloud/omb/v1/devices/+/youtube/requests",
                        "$share/omb-cloud/omb/v1/devices/+/commands/replies",
                        "$share/omb-cloud/omb/v1/devices/+/presence",
                        "$share/omb-cloud/omb/v1/devices/+/remote/phones"),
                Topics.cloudSubscriptions(Topics.DEFAULT_SHARE_GROUP));
        assertEquals("omb/v1/devices/+/presence", Topics.allDevices(TopicKind.PRESENCE));
    }

    @Test
    void aDeviceSubscribesToWhatTheCloudPublishesForIt() {
        List<String> topics = Topics.deviceSubscriptions("box-1");
        assertEquals(11, topics.size());
        assertEquals("omb/v1/devices/box-1/remote/viewers/+", topics.get(10));
        assertEquals(
                List.of(
                        TopicKind.LIBRARY_ACKS,
                        TopicKind.SYNC_ACKS,
                        TopicKind.SYNC_LOG,
                        TopicKind.UPLOADS_RESULTS,
                        TopicKind.MEDIA_URLS,
                        TopicKind.YOUTUBE_PROGRESS,
                        TopicKind.YOUTUBE_COMPLETE,
                        TopicKind.YOUTUBE_ERROR,
                        TopicKind.COMMANDS,
                        TopicKind.ERRORS),
                topics.subList(0, 10).stream().map(Topics::kindOf).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "a+b", "a#", "grp/"})
    @NullAndEmptySource
    void aShareGroupCannotAddLevelsOrWildcards(String group) {
        assertThrows(IllegalArgumentException.class, () -> Topics.shared(group, TopicKind.LIBRARY_CHANGES));
    }

    @ParameterizedTest
    @EnumSource(TopicKind.class)
    void everyBuiltTopicParsesBack(TopicKind kind) {
        String topic = kind.relayLevel() ? Topics.topic("Box_07-a", kind) + "/relay-1" : Topics.topic("Box_07-a", kind);
        assertEquals("Box_07-a", Topics.deviceOf(topic));
        assertEquals(kind, Topics.kindOf(topic));
        assertEquals(topic, Topics.parse(topic).topic());
    }

    @Test
    void suffixesAreUnique() {
        assertEquals(
                TopicKind.values().length,
                Arrays.stream(TopicKind.values())
                        .map(kind -> kind.relayLevel() ? kind.suffix() + "/+" : kind.suffix())
                        .distinct()
                        .count());
    }

    @Test
    void aDeviceIdOfSixtyFourCharactersIsAccepted() {
        String id = "a".repeat(64);
        assertEquals(id, Topics.deviceOf("omb/v1/devices/" + id + "/presence"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "omb/v1/devices",
                "omb/v1/devices/",
                "omb/v1/devices/box-1",
                "omb/v1/devices/box-1/",
                "omb/v1/devices//presence",
                "omb/v2/devices/box-1/presence",
                "OMB/v1/devices/box-1/presence",
                "/omb/v1/devices/box-1/presence",
                "omb/v1/devices/box.1/presence",
                "omb/v1/devices/box 1/presence",
                "omb/v1/devices/+/presence",
                "omb/v1/devices/#",
                "omb/v1/devices/bôx/presence",
                "omb/v1/devices/box-1/presence/",
                "omb/v1/devices/box-1/presence/extra",
                "omb/v1/devices/box-1/library",
                "omb/v1/devices/box-1/library/unknown",
                "omb/v1/devices/box-1/sync",
                "omb/v1/devices/box-1/sync/",
                "omb/v1/devices/box-1/sync/changes/",
                "omb/v1/devices/box-1/sync/Changes",
                "omb/v1/devices/box-1/Presence",
                "omb/v1/devices/box-1/remote/viewers",
                "omb/v1/devices/box-1/remote/viewers/",
                "omb/v1/devices/box-1/remote/viewers/a.b",
                "omb/v1/devices/box-1/commands/replies/r/x",
                "omb/v1/devices/box-1/remote/state/relay-1",
                "$share/omb-cloud/omb/v1/devices/box-1/presence",
                "omb/v1/devices/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/presence"
            })
    void aTopicThatIsNotExactlyOursIsRefused(String topic) {
        assertThrows(IllegalArgumentException.class, () -> Topics.parse(topic));
        assertThrows(IllegalArgumentException.class, () -> Topics.deviceOf(topic));
        assertThrows(IllegalArgumentException.class, () -> Topics.kindOf(topic));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "+",
                "#",
                "a/b",
                "box.1",
                "box 1",
                "bôx",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            })
    void buildersRefuseADeviceIdThatWouldBreakTheTopic(String deviceId) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Topics.libraryChanges(deviceId));
        assertEquals(true, e.getMessage().contains("device id"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Topics.prefix(deviceId));
    }

    @Test
    void correlationDataIsTheCommandIdInUtf8() {
        byte[] data = Topics.correlationData("cmd-5b1e2c");
        assertArrayEquals("cmd-5b1e2c".getBytes(StandardCharsets.UTF_8), data);
        assertEquals("cmd-5b1e2c", Topics.commandIdOf(data));
        assertThrows(IllegalArgumentException.class, () -> Topics.commandIdOf(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> Topics.commandIdOf(null));
        assertThrows(IllegalArgumentException.class, () -> Topics.correlationData(" "));
    }
}
