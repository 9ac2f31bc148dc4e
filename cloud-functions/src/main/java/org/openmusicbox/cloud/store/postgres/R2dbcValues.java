package org.openmusicbox.cloud.store.postgres;

import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/** Values in and out of R2DBC that need care: a null to bind, a timestamp to read. */
final class R2dbcValues {

    private R2dbcValues() {}

    static GenericExecuteSpec bindNullable(GenericExecuteSpec spec, String name, String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    static String instant(Readable row, String column) {
        OffsetDateTime at = row.get(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant().toString();
    }
}
