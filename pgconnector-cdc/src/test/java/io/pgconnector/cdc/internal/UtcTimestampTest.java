package io.pgconnector.cdc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The fast reader of Debezium's {@code timestamptz} strings agrees with {@code OffsetDateTime.parse}, or declines. */
class UtcTimestampTest {
    @Test
    void readsDebeziumsUtcFormExactly() {
        for (String s : new String[] {"2026-01-01T00:00:00Z", "2024-02-29T18:29:59.123456Z", "0044-03-15T00:00:00Z",
                "1999-12-31T23:59:59.999999999Z", "2024-05-06T07:08:09.1Z", "9999-12-31T23:59:59.999999Z"}) {
            assertThat(FieldDecoder.utcTimestamp(s)).as(s)
                    .isEqualTo(OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC));
        }
    }

    @Test
    void declinesOtherForms() {
        for (String s : new String[] {"2024-02-29T18:29:59+05:30", "+10000-01-01T00:00:00Z", "2024-02-30T00:00:00Z",
                "2024-02-29T18:29:59.Z", "2024-02-29T18:29:59.1234567890Z", "2024-02-29 18:29:59Z", "infinity",
                "2024-0a-29T18:29:59Z"}) {
            assertThat(FieldDecoder.utcTimestamp(s)).as(s).isNull();
        }
    }
}
