package io.pgconnector.reliability.fuzz;

import io.pgconnector.errors.ConversionException;
import io.pgconnector.errors.DatabaseException;
import io.pgconnector.client.PostgresClient;
import io.pgconnector.client.Sql;
import io.pgconnector.embedded.PostgresDatabase;
import io.pgconnector.embedded.junit.WithPostgres;
import io.pgconnector.types.Range;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Regression, found by {@link ParserFuzzTest}: {@code Range.parseNum} accepted bounds with any exponent, so the
 * 14-character text {@code (,-0.1e999001)} became a value whose text form has a million digits, and
 * {@code [1e2000000000,)} one whose text form cannot be built at all (out of memory).
 * {@code numeric} holds at most 131072 digits before the decimal point and 16383 after; the client now refuses what
 * the server refuses, with a {@link ConversionException}. Each text is checked against the server itself.
 */
@WithPostgres
@Timeout(60)
class NumrangeExponentTest {

    @Test
    void exponentsBeyondTheServersLimitAreRefusedLikeTheServerDoes(PostgresDatabase db) {
        try (PostgresClient client = PostgresClient.builder().host(db.host()).port(db.port())
                .database(db.database()).username(db.username()).password(db.password()).build()) {
            for (String text : new String[] {"[1e1000,)", "[-1e-1000,0]", "(,-0.1e999001)", "[1e1001,)", "[1e131071,)",
                    "[1e131072,)", "[1e-16383,)", "[1e-16384,)", "[0.1e-16383,)", "[12345e131067,)",
                    "[1,1e-1001]", "[1e2000000000,)", "[0.5e+1000,1e+1000]"}) {
                boolean serverAccepts = accepts(client, text);
                if (serverAccepts) {
                    Range<BigDecimal> r = Range.parseNum(text);
                    assertThat(r.toString().length()).as("text form of %s", text).isLessThanOrEqualTo(131072 + 1 + 16383 + 4);
                } else {
                    assertThatThrownBy(() -> Range.parseNum(text)).as(text)
                            .isInstanceOf(ConversionException.class);
                }
            }
        }
    }

    private static boolean accepts(PostgresClient client, String text) {
        try {
            client.queryRow(Sql.of("SELECT ?::text::numrange::text", text), String.class);
            return true;
        } catch (DatabaseException e) {
            return false;
        }
    }
}
