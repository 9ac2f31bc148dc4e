package org.openmusicbox.cloud.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.openmusicbox.cloud.store.LibraryReplica;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.SyncBatches;
import org.openmusicbox.protocol.v1.mqtt.SyncChange;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Stamp;
import reactor.core.publisher.Mono;

/**
 * A parent's edit made in the cloud ({@code POST /editLibrary}; the relay's way in): checked as a received change
 * is, stamped and logged by the replica, and answered with its place in the log and its stamp; then the box is told {@code sync_now}.
 * A field or value that does not fit, or an edit whose change could not travel in one message (ids longer than
 * the UUIDs the box uses), is an {@link IllegalArgumentException} and stores nothing.
 */
public final class EditLibrary implements Function<LibraryEdit, Mono<LoggedEdit>> {

    /** The longest stamp: a 19-digit hlc and a 64-character origin, so the size check holds for any instance. */
    private static final Stamp LONGEST_STAMP = new Stamp(Long.MAX_VALUE, "c".repeat(64));

    private final LibraryReplica replica;
    private final SyncNow syncNow;
    private final JsonCodec codec;
    private final SyncBatches batches;

    public EditLibrary(LibraryReplica replica, SyncNow syncNow, JsonCodec codec) {
        this.replica = Objects.requireNonNull(replica, "replica");
        this.syncNow = Objects.requireNonNull(syncNow, "syncNow");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.batches = new SyncBatches(codec);
    }

    @Override
    public Mono<LoggedEdit> apply(LibraryEdit edit) {
        return Mono.defer(() -> {
                    Entity entity = Entity.valueOf(edit.entity().name());
                    Object value = SyncChange.modelValue(
                            edit.entity(), edit.field(), codec.convert(edit.value(), JsonNode.class));
                    SyncChange largest = SyncChange.of(new FieldChange(
                            entity,
                            edit.entityId(),
                            edit.field(),
                            value,
                            LONGEST_STAMP,
                            UUID.randomUUID().toString()));
                    if (!batches.fitsAlone(edit.deviceId(), largest)) {
                        return Mono.error(new IllegalArgumentException(
                                "the change to " + edit.entity().wire() + " " + edit.entityId() + "." + edit.field()
                                        + " would not fit in one sync message"));
                    }
                    return replica.write(edit.deviceId(), entity, edit.entityId(), edit.field(), value);
                })
                .doOnNext(entry -> syncNow.changed(edit.deviceId()))
                .map(entry -> new LoggedEdit(
                        entry.seq(),
                        entry.change().changeId(),
                        Long.toString(entry.change().stamp().hlc()),
                        entry.change().stamp().origin()));
    }
}
