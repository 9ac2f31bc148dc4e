package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Stamp;

/**
 * One field change on the wire (docs/sync.md): {@code field} of {@code entity}/{@code entity_id} set to
 * {@code value}, stamped {@code (hlc, origin)}. The same record travels in {@code sync/changes} and in the cloud's
 * {@code sync/log}.
 *
 * <p>{@code hlc} is a decimal string: a 64-bit number does not survive JavaScript's JSON numbers, and web pages
 * and the relay read these messages. {@code value} is the field's JSON value, checked against the sync model's
 * {@code Fields} here, so a change the model would refuse is refused when it is read; it is kept in one spelling
 * (the model's), so a change read from JSON equals the same change built from a {@link FieldChange}.
 *
 * <p>An {@code order} holds at most {@link #MAX_ORDER} track ids: that many 36-character UUIDs (the ids both the box
 * and the cloud make) fit in one message under {@link SyncBatches#DEFAULT_BUDGET}; see docs/mqtt.md, "Sizes".
 */
public record SyncChange(
        String changeId,
        Entity entity,
        String entityId,
        String field,
        JsonNode value,
        @JsonDeserialize(using = HlcText.class) String hlc,
        String origin) {

    /** The most tracks a playlist may hold, and so the longest {@code order}: the box refuses to add more. */
    public static final int MAX_ORDER = 3_000;

    public SyncChange {
        Check.present(changeId, "change_id");
        Check.required(entity, "entity");
        Check.present(entityId, "entity_id");
        Check.required(field, "field");
        Check.hlc(hlc, "hlc");
        stamp(hlc, origin);
        if (Fields.ORDER.equals(field) && value != null && value.size() > MAX_ORDER) {
            throw new IllegalArgumentException(
                    "value: an order holds at most " + MAX_ORDER + " track ids, was " + value.size());
        }
        value = SyncValues.write(SyncValues.read(model(entity), field, value));
    }

    /** The wire form of a model change; refuses what the model's {@code Fields} refuse. */
    public static SyncChange of(FieldChange change) {
        Check.required(change, "change");
        return new SyncChange(
                change.changeId(),
                Entity.of(change.entity().name().toLowerCase(java.util.Locale.ROOT)),
                change.entityId(),
                change.field(),
                SyncValues.write(Fields.check(change.entity(), change.field(), change.value())),
                Long.toString(change.stamp().hlc()),
                change.stamp().origin());
    }

    /** The model's change: {@code order} a list of ids, {@code media} a {@code Media}, {@code duration_ms} a long. */
    public FieldChange toFieldChange() {
        return new FieldChange(
                model(entity), entityId, field, SyncValues.read(model(entity), field, value), stamp(), changeId);
    }

    /**
     * The model's value of a field's JSON value, checked as a received change's is: for a writer that takes a
     * value in JSON from elsewhere (the cloud's edit function) and must not map it by hand.
     */
    public static Object modelValue(Entity entity, String field, JsonNode value) {
        return SyncValues.read(model(Check.required(entity, "entity")), field, value);
    }

    /** The stamp as the model compares it. */
    @JsonIgnore
    public Stamp stamp() {
        return stamp(hlc, origin);
    }

    private static Stamp stamp(String hlc, String origin) {
        return new Stamp(Check.hlc(hlc, "hlc"), origin);
    }

    private static org.openmusicbox.protocol.v1.sync.Entity model(Entity entity) {
        return org.openmusicbox.protocol.v1.sync.Entity.valueOf(entity.name());
    }
}
