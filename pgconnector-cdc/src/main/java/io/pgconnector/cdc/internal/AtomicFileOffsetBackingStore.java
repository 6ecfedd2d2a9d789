package io.pgconnector.cdc.internal;

import io.debezium.embedded.KafkaConnectUtil;
import io.pgconnector.cdc.CdcException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.FileOffsetBackingStore;
import org.apache.kafka.connect.util.SafeObjectInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The engine's offset store under {@code OffsetStorage.file}: Kafka's file store (same file format, so a file written
 * by it stays readable), except that a save never leaves a damaged file behind.
 *
 * <p>Kafka's store truncates the file and then writes it. A process killed between the two leaves an empty or cut
 * file, which Kafka's store then reads as "no offsets": the listener started over as if for the first time. With
 * {@code SnapshotMode.INCREMENTAL} that lost the snapshot's progress, and as the snapshot's signal was long consumed
 * from the slot, the snapshot never resumed (issue 14: a restarted child that read no further chunk). Here each save
 * writes a temporary file beside the offsets, forces it to disk and renames it over them, so the file holds either
 * the previous offsets or the new ones. A file that cannot be read is refused at start, naming it, instead of being
 * read as empty.
 */
public final class AtomicFileOffsetBackingStore extends FileOffsetBackingStore {
    private Path file;

    /** Creates the store; the engine configures and starts it. */
    public AtomicFileOffsetBackingStore() {
        super(KafkaConnectUtil.converterForOffsetStore());
    }

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        file = Path.of(config.getString("offset.storage.file.filename"));
    }

    @Override
    public synchronized void start() {
        try {
            check(file);
        } catch (CdcException e) {
            throw new ConnectException(e.getMessage(), e);
        }
        super.start();
    }

    @Override
    protected void save() {
        Map<byte[], byte[]> raw = new HashMap<>();
        for (Map.Entry<ByteBuffer, ByteBuffer> e : data.entrySet()) {
            raw.put(e.getKey() == null ? null : e.getKey().array(), e.getValue() == null ? null : e.getValue().array());
        }
        Path tmp = temporary(file);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ObjectOutputStream os = new ObjectOutputStream(Channels.newOutputStream(ch));
                os.writeObject(raw);
                os.flush();
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ConnectException("Could not save the offsets to " + file + ": " + e, e);
        }
    }

    /** The file a save writes before renaming it over the offsets. */
    static Path temporary(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    /**
     * Checks that an existing offset file can be read (a missing one is a first start).
     *
     * @throws CdcException if it is empty or damaged
     */
    static void check(Path file) {
        try (InputStream in = Files.newInputStream(file);
                SafeObjectInputStream is = new SafeObjectInputStream(in)) {
            if (!(is.readObject() instanceof Map)) {
                throw damaged(file, "it holds no offsets map");
            }
        } catch (NoSuchFileException e) {
            // first start
        } catch (IOException | ClassNotFoundException e) {
            throw damaged(file, e.toString());
        }
    }

    private static CdcException damaged(Path file, String why) {
        return new CdcException("The offset file " + file + " is empty or damaged (" + why + "), so the position "
                + "it held is unknown; reading it as empty would silently start over. It was probably cut by a "
                + "process killed while saving it, with a version that wrote it in place. Fix: restore the file, or "
                + "delete it to start anew (the snapshot mode's snapshot is taken again).", null, null);
    }
}
