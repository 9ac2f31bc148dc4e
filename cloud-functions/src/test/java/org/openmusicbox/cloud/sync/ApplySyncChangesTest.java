package org.openmusicbox.cloud.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.device.RecordingDeviceLink;
import org.openmusicbox.cloud.store.ChangeOutcome;
import org.openmusicbox.cloud.store.ChangeOutcome.Kind;
import org.openmusicbox.cloud.store.ChangeOutcome.Refused;
import org.openmusicbox.cloud.store.LibraryReplica;
import org.openmusicbox.cloud.store.LogEntry;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.Refusal;
import org.openmusicbox.protocol.v1.mqtt.SyncAcks;
import org.openmusicbox.protocol.v1.mqtt.SyncBatches;
import org.openmusicbox.protocol.v1.mqtt.SyncChange;
import org.openmusicbox.protocol.v1.mqtt.SyncChanges;
import org.openmusicbox.protocol.v1.mqtt.SyncOutcome;
import org.openmusicbox.protocol.v1.mqtt.SyncResult;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.EntityKey;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Replica;
import org.openmusicbox.protocol.v1.sync.Stamp;
import org.openmusicbox.protocol.v1.sync.View;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The mapping from the store's outcomes to the wire's results, in the batch's order, and acks split under a small
 * budget; with a scripted replica and a recording link.
 */
class ApplySyncChangesTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final JsonCodec codec = new JsonCodec();

    @Test
    void everyOutcomeAndRefusalMapsToItsWireFormInTheBatchsOrderWithLongMessagesCut() {
        Scripted replica = new Scripted();
        RecordingDeviceLink link = new RecordingDeviceLink();
        ApplySyncChanges handler = new ApplySyncChanges(replica, link, new SyncBatches(codec));
        List<SyncChange> changes = changes(6);
        replica.answers =
                List.of(Kind.APPLIED, Kind.DUPLICATE, Kind.SUPERSEDED, Kind.REJECTED, Kind.REJECTED, Kind.REJECTED);
        replica.refusals = new Refused[] {null, null, null, Refused.INVALID, Refused.CLOCK_SKEW, Refused.STAMP_REUSED};

        handler.answer(each(changes)).block(WAIT);

        List<SyncResult> results = results(link);
        assertThat(results).extracting(SyncResult::changeId).containsExactlyElementsOf(ids(changes));
        assertThat(results)
                .extracting(SyncResult::outcome)
                .containsExactly(
                        SyncOutcome.APPLIED,
                        SyncOutcome.DUPLICATE,
                        SyncOutcome.SUPERSEDED,
                        SyncOutcome.REJECTED,
                        SyncOutcome.REJECTED,
                        SyncOutcome.REJECTED);
        assertThat(results)
                .extracting(SyncResult::reason)
                .containsExactly(null, null, null, Refusal.INVALID, Refusal.CLOCK_SKEW, Refusal.STAMP_REUSED);
        assertThat(results.get(5).message()).hasSize(ApplySyncChanges.MAX_MESSAGE + 3);
        assertThat(link.published()).allSatisfy(p -> assertThat(p.topicKind()).isEqualTo("sync/acks"));
    }

    @Test
    void acksOverTheBudgetAreSplitInOrder() {
        Scripted replica = new Scripted();
        RecordingDeviceLink link = new RecordingDeviceLink();
        ApplySyncChanges handler = new ApplySyncChanges(replica, link, new SyncBatches(codec, 300));
        List<SyncChange> changes = changes(20);

        handler.answer(each(changes)).block(WAIT);

        assertThat(link.published()).hasSizeGreaterThan(1);
        assertThat(link.published())
                .allSatisfy(p -> assertThat(codec.toBytes(p.message()).length).isLessThanOrEqualTo(300));
        assertThat(results(link)).extracting(SyncResult::changeId).containsExactlyElementsOf(ids(changes));
    }

    @Test
    void aStoreThatFailsFailsTheAnswerAndPublishesNothing() {
        Scripted replica = new Scripted();
        replica.failing = true;
        RecordingDeviceLink link = new RecordingDeviceLink();
        ApplySyncChanges handler = new ApplySyncChanges(replica, link, new SyncBatches(codec));

        assertThatThrownBy(() -> handler.answer(each(changes(3))).block(WAIT)).hasMessageContaining("store down");
        assertThat(link.published()).isEmpty();
    }

    private static SyncChanges.Each each(List<SyncChange> changes) {
        return SyncChanges.readEach(codec, codec.toBytes(new SyncChanges("box-1", changes)));
    }

    private static List<SyncResult> results(RecordingDeviceLink link) {
        List<SyncResult> all = new ArrayList<>();
        link.published().forEach(p -> all.addAll(((SyncAcks) p.message()).results()));
        return all;
    }

    private static List<String> ids(List<SyncChange> changes) {
        return changes.stream().map(SyncChange::changeId).toList();
    }

    private static List<SyncChange> changes(int n) {
        List<SyncChange> changes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            changes.add(SyncChange.of(new FieldChange(
                    Entity.PLAYLIST,
                    "p" + i,
                    Fields.TITLE,
                    "t" + i,
                    new Stamp(i + 1, "box-1"),
                    UUID.randomUUID().toString())));
        }
        return changes;
    }

    /** Answers each change with the next scripted kind (applied when none), or fails like a store that is down. */
    private static final class Scripted implements LibraryReplica {
        List<Kind> answers = List.of();
        Refused[] refusals = new Refused[0];
        boolean failing;

        @Override
        public Flux<ChangeOutcome> apply(String deviceId, List<FieldChange> changes) {
            if (failing) {
                return Flux.error(new IllegalStateException("store down"));
            }
            List<ChangeOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < changes.size(); i++) {
                Kind kind = i < answers.size() ? answers.get(i) : Kind.APPLIED;
                Refused refused = i < refusals.length ? refusals[i] : null;
                outcomes.add(new ChangeOutcome(
                        changes.get(i), kind, null, 0, refused, refused == null ? null : "why ".repeat(200)));
            }
            return Flux.fromIterable(outcomes);
        }

        @Override
        public Flux<LogEntry> log(String deviceId, long after, int limit) {
            return Flux.empty();
        }

        @Override
        public Mono<LogEntry> write(String deviceId, Entity entity, String entityId, String field, Object value) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<Map<EntityKey, Map<String, Replica.Versioned>>> state(String deviceId) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<View> view(String deviceId) {
            return Mono.error(new UnsupportedOperationException());
        }
    }
}
