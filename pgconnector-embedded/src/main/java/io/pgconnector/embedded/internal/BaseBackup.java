package io.pgconnector.embedded.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * An online base backup of a running server by copying its data directory between
 * {@code pg_backup_start} and {@code pg_backup_stop} (the zonky binaries have no {@code pg_basebackup}).
 *
 * <p>The WAL is not copied: the standby streams it through a physical slot created, with WAL reserved,
 * before the backup starts, so every segment it needs from the backup's start point is kept.
 */
public final class BaseBackup implements DataSeed {

    /** Directories copied empty (PostgreSQL's own base backup leaves their contents out too). */
    private static final Set<String> EMPTY_DIRECTORIES = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify",
            "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");
    /** Files of the running primary that must not reach the copy. */
    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "backup_label",
            "tablespace_map", "standby.signal", "recovery.signal", "current_logfiles", "pg_internal.init");
    /** Settings of the primary (made by ALTER SYSTEM) that would stall a promoted copy. */
    private static final String PRIMARY_ONLY_SETTING = "synchronized_standby_slots";

    private final DataSource primary;
    private final Path source;
    private final String slotName;
    private final int majorVersion;

    /**
     * Describes a backup; nothing happens until {@link #populate(Path)}.
     *
     * @param primary a data source for the primary's {@code postgres} database, as superuser
     * @param source the primary's data directory
     * @param slotName the physical slot to create for the standby
     * @param majorVersion the primary's major version (the backup functions were renamed in 15)
     */
    public BaseBackup(DataSource primary, Path source, String slotName, int majorVersion) {
        this.primary = primary;
        this.source = source;
        this.slotName = slotName;
        this.majorVersion = majorVersion;
    }

    @Override
    public void populate(Path target) throws IOException {
        try (Connection c = primary.getConnection()) {
            // Backup start and stop must run in the same session.
            run(c, "SELECT pg_create_physical_replication_slot(?, true)", slotName);
            run(c, majorVersion >= 15 ? "SELECT pg_backup_start(?, true)" : "SELECT pg_start_backup(?, true, false)",
                    "pgconnector standby " + slotName);
            copyTree(target);
            try (PreparedStatement ps = c.prepareStatement(majorVersion >= 15
                    ? "SELECT labelfile, spcmapfile FROM pg_backup_stop(false)"
                    : "SELECT labelfile, spcmapfile FROM pg_stop_backup(false, false)");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                Files.writeString(target.resolve("backup_label"), rs.getString(1), StandardCharsets.UTF_8);
                String spcmap = rs.getString(2);
                if (spcmap != null && !spcmap.isEmpty()) {
                    Files.writeString(target.resolve("tablespace_map"), spcmap, StandardCharsets.UTF_8);
                }
            }
        } catch (SQLException e) {
            throw new IOException("The online backup of the primary failed (SQLSTATE " + e.getSQLState() + "): "
                    + e.getMessage(), e);
        }
        Files.createFile(target.resolve("standby.signal"));
        dropPrimaryOnlySettings(target.resolve("postgresql.auto.conf"));
        Optional<String> owner = ProcessLauncher.get().fileOwner();
        if (owner.isPresent()) {
            try (var files = Files.walk(target)) {
                files.forEach(file -> FileUtil.chown(file, owner.get()));
            }
        }
    }

    private void copyTree(Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path copy = target.resolve(source.relativize(dir).toString());
                Files.createDirectories(copy);
                FileUtil.chmod(copy, FileUtil.MODE_700);
                String name = dir.getFileName().toString();
                if (!dir.equals(source) && (EMPTY_DIRECTORIES.contains(name) || name.startsWith("pgsql_tmp"))) {
                    if (name.equals("pg_wal")) {
                        Files.createDirectories(copy.resolve("archive_status"));
                        Files.createDirectories(copy.resolve("summaries"));
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!SKIPPED_FILES.contains(file.getFileName().toString())) {
                    try {
                        Files.copy(file, target.resolve(source.relativize(file).toString()),
                                StandardCopyOption.REPLACE_EXISTING);
                    } catch (NoSuchFileException e) {
                        // Removed by the server while copying: the WAL replay recreates what matters.
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }
        });
    }

    private static void dropPrimaryOnlySettings(Path autoConf) throws IOException {
        if (!Files.exists(autoConf)) {
            return;
        }
        List<String> lines = Files.readAllLines(autoConf, StandardCharsets.UTF_8);
        List<String> kept = lines.stream().filter(line -> !line.trim().startsWith(PRIMARY_ONLY_SETTING))
                .collect(Collectors.toList());
        if (kept.size() != lines.size()) {
            Files.write(autoConf, kept, StandardCharsets.UTF_8);
        }
    }

    private static void run(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            ps.executeQuery().close();
        }
    }
}
