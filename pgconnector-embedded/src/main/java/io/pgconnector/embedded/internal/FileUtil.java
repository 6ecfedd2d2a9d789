package io.pgconnector.embedded.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/** Small file helpers. */
public final class FileUtil {

    /** rwxr-xr-x */
    public static final Set<PosixFilePermission> MODE_755 = PosixFilePermissions.fromString("rwxr-xr-x");
    /** rwx------ */
    public static final Set<PosixFilePermission> MODE_700 = PosixFilePermissions.fromString("rwx------");
    /** rw------- */
    public static final Set<PosixFilePermission> MODE_600 = PosixFilePermissions.fromString("rw-------");
    /** rw-r--r-- */
    public static final Set<PosixFilePermission> MODE_644 = PosixFilePermissions.fromString("rw-r--r--");

    private FileUtil() {
    }

    /**
     * Whether the file system of the path supports POSIX permissions.
     *
     * @param path any path on the file system
     * @return true if POSIX attributes are supported
     */
    public static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Sets POSIX permissions where supported.
     *
     * @param path the file
     * @param perms the permissions
     */
    public static void chmod(Path path, Set<PosixFilePermission> perms) {
        if (isPosix(path)) {
            try {
                Files.setPosixFilePermissions(path, perms);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Changes owner and group of a file to the given user (and its primary group if it has one of the same name).
     *
     * @param path the file
     * @param user the user name
     */
    public static void chown(Path path, String user) {
        try {
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal owner = lookup.lookupPrincipalByName(user);
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            view.setOwner(owner);
            try {
                GroupPrincipal group = lookup.lookupPrincipalByGroupName(user);
                view.setGroup(group);
            } catch (IOException e) {
                // no group of that name: keep the group
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not change the owner of " + path + " to " + user, e);
        }
    }

    /**
     * Writes a text file (UTF-8) with the given permissions.
     *
     * @param path the file
     * @param content the content
     * @param perms the permissions
     */
    public static void write(Path path, byte[] content, Set<PosixFilePermission> perms) {
        try {
            Files.write(path, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        chmod(path, perms);
    }

    /**
     * Deletes a directory tree; missing files are ignored.
     *
     * @param root the directory
     * @throws IOException if a file cannot be deleted
     */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof NoSuchFileException)) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * The last lines of a text file, or a note if it cannot be read.
     *
     * @param file the file
     * @param lines how many lines at most
     * @return the tail, lines separated by newlines
     */
    public static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log file " + file + ")";
            }
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            Deque<String> last = new ArrayDeque<>(all.subList(Math.max(0, all.size() - lines), all.size()));
            return String.join(System.lineSeparator(), last);
        } catch (IOException | UncheckedIOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }
}
