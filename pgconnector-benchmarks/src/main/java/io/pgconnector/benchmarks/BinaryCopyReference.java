package io.pgconnector.benchmarks;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.ByteConverter;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.OffsetDateTime;

/**
 * The reference for bulk loads: what a developer writes by hand with pgjdbc's {@code CopyManager} and PostgreSQL's
 * binary COPY format for rows (bigint, text, numeric, timestamptz), with pgjdbc's own numeric encoder.
 */
final class BinaryCopyReference {
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0,
        0, 0, 0, 0};
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private BinaryCopyReference() {
    }

    static void copy(Connection c, int rows, OffsetDateTime base) throws Exception {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY bench_load (id, name, amount, at) FROM STDIN (FORMAT binary)");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 18);
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(HEADER);
        for (int i = 0; i < rows; i++) {
            out.writeShort(4);
            out.writeInt(8);
            out.writeLong(i);
            byte[] name = ("name " + i).getBytes(StandardCharsets.UTF_8);
            out.writeInt(name.length);
            out.write(name);
            byte[] amount = ByteConverter.numeric(BigDecimal.valueOf(i, 2));
            out.writeInt(amount.length);
            out.write(amount);
            OffsetDateTime at = base.plusSeconds(i);
            out.writeInt(8);
            out.writeLong(at.toEpochSecond() * 1_000_000L + at.getNano() / 1000 - PG_EPOCH_MICROS);
            if (bytes.size() > 1 << 18) {
                in.writeToCopy(bytes.toByteArray(), 0, bytes.size());
                bytes.reset();
            }
        }
        out.writeShort(-1);
        in.writeToCopy(bytes.toByteArray(), 0, bytes.size());
        in.endCopy();
    }
}
