package io.pgconnector.embedded.internal;

import io.pgconnector.embedded.EmbeddedPostgresException;
import io.pgconnector.embedded.TlsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one embedded server in its own temporary directory: the data directory (made by {@code initdb} or a
 * seed, with the configuration written into it), the socket directory, the server log and the TLS files.
 */
public final class ServerFiles {

    /** Named after the facade, so that log configuration of EmbeddedPostgres covers the server it runs. */
    private static final Logger LOG = LoggerFactory.getLogger("io.pgconnector.embedded.EmbeddedPostgres");
    /** How many lines of the server log an error message quotes. */
    static final int LOG_TAIL_LINES = 30;

    private final Path baseDirectory;
    private final Path dataDirectory;
    private final Path runDirectory;
    private final Path logFile;
    private final TlsFiles tlsFiles;

    /**
     * Creates the temporary directory (the rest is created by {@link #initialize}).
     *
     * @param tls whether the server uses TLS
     * @throws EmbeddedPostgresException if the directory cannot be created
     */
    public ServerFiles(boolean tls) {
        try {
            this.baseDirectory = Files.createTempDirectory("pgconnector-embedded-");
        } catch (IOException e) {
            throw new EmbeddedPostgresException("Could not create a temporary directory: " + e, e);
        }
        this.dataDirectory = baseDirectory.resolve("data");
        this.runDirectory = baseDirectory.resolve("run");
        this.logFile = baseDirectory.resolve("postgres.log");
        Path tlsDir = baseDirectory.resolve("tls");
        this.tlsFiles = tls ? new TlsFiles(tlsDir.resolve("ca.crt"), tlsDir.resolve("server.crt"),
                tlsDir.resolve("client.crt"), tlsDir.resolve("client.key"), tlsDir.resolve("client-encrypted.key"),
                TlsMaterial.CLIENT_PASSWORD, tlsDir.resolve("client.p12"), TlsMaterial.CLIENT_PASSWORD,
                tlsDir.resolve("other-ca.crt")) : null;
    }

    /**
     * The data directory ({@code PGDATA}).
     *
     * @return the path
     */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * The server log.
     *
     * @return the path
     */
    public Path logFile() {
        return logFile;
    }

    /**
     * The TLS files.
     *
     * @return the files, or null without TLS
     */
    public TlsFiles tlsFiles() {
        return tlsFiles;
    }

    /** Creates the data directory with {@code initdb} (or the seed) and writes the configuration and TLS files. */
    void initialize(ServerConfig config, int port, long deadline) {
        Path install = BinaryCache.installation();
        ProcessLauncher launcher = ProcessLauncher.get();
        Optional<String> owner = launcher.fileOwner();
        try {
            Files.createDirectories(runDirectory);
            Files.createDirectories(dataDirectory);
            FileUtil.chmod(dataDirectory, FileUtil.MODE_700);
            if (owner.isPresent()) {
                FileUtil.chmod(baseDirectory, FileUtil.MODE_755);
                FileUtil.chown(dataDirectory, owner.get());
                FileUtil.chown(runDirectory, owner.get());
            }
            if (config.seed() != null) {
                config.seed().populate(dataDirectory);
            } else {
                runInitdb(config, port, deadline, install, launcher, owner);
            }
            if (config.tls()) {
                writeTlsFiles(owner);
            }
            Files.writeString(dataDirectory.resolve("postgresql.conf"),
                    config.postgresqlConf(socketDirectory(), tlsFiles, config.tls() ? serverKeyFile() : null),
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), config.pgHba(), StandardCharsets.UTF_8,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException | UncheckedIOException e) {
            throw new EmbeddedPostgresException("Could not prepare the PostgreSQL data directory " + dataDirectory
                    + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("Interrupted while running initdb", e);
        }
    }

    private void runInitdb(ServerConfig config, int port, long deadline, Path install, ProcessLauncher launcher,
            Optional<String> owner) throws IOException, InterruptedException {
        Path pwFile = baseDirectory.resolve("pwfile");
        FileUtil.write(pwFile, (config.password() + "\n").getBytes(StandardCharsets.UTF_8), FileUtil.MODE_600);
        owner.ifPresent(user -> FileUtil.chown(pwFile, user));
        Path initdbLog = baseDirectory.resolve("initdb.log");
        try {
            List<String> command = List.of(install.resolve("bin").resolve(Processes.exe("initdb")).toString(),
                    "-D", dataDirectory.toString(), "-U", ServerConfig.SUPERUSER, "--pwfile=" + pwFile,
                    "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "-N");
            Process initdb = Processes.builder(command)
                    .redirectOutput(ProcessBuilder.Redirect.to(initdbLog.toFile())).start();
            long waitNanos = Math.max(0, deadline - System.nanoTime());
            if (!initdb.waitFor(waitNanos, TimeUnit.NANOSECONDS)) {
                Processes.killTree(initdb.toHandle(), List.of(), port);
                throw new EmbeddedPostgresException("initdb did not finish within the startup timeout of "
                        + config.startupTimeout().toMillis() + " ms. Last lines of " + initdbLog + ":"
                        + System.lineSeparator() + FileUtil.tail(initdbLog, LOG_TAIL_LINES));
            }
            if (initdb.exitValue() != 0) {
                throw new EmbeddedPostgresException("initdb failed with exit code " + initdb.exitValue()
                        + " (launch mode " + launcher.mode() + "). Last lines of " + initdbLog + ":"
                        + System.lineSeparator() + FileUtil.tail(initdbLog, LOG_TAIL_LINES));
            }
        } finally {
            Files.deleteIfExists(pwFile);
        }
    }

    private void writeTlsFiles(Optional<String> owner) throws IOException {
        TlsMaterial material = TlsMaterial.get();
        Path dir = tlsFiles.caCert().getParent();
        Files.createDirectories(dir);
        FileUtil.chmod(dir, FileUtil.MODE_755);
        FileUtil.write(tlsFiles.caCert(), material.caCert(), FileUtil.MODE_644);
        FileUtil.write(tlsFiles.serverCert(), material.serverCert(), FileUtil.MODE_644);
        Path serverKey = serverKeyFile();
        FileUtil.write(serverKey, material.serverKey(), FileUtil.MODE_600);
        owner.ifPresent(user -> FileUtil.chown(serverKey, user));
        FileUtil.write(tlsFiles.clientCert(), material.clientCert(), FileUtil.MODE_644);
        FileUtil.write(tlsFiles.clientKey(), material.clientKey(), FileUtil.MODE_600);
        FileUtil.write(tlsFiles.clientKeyEncrypted(), material.clientKeyEncrypted(), FileUtil.MODE_600);
        FileUtil.write(tlsFiles.clientKeyStore(), material.clientKeyStore(), FileUtil.MODE_600);
        FileUtil.write(tlsFiles.otherCaCert(), material.otherCaCert(), FileUtil.MODE_644);
    }

    private Path serverKeyFile() {
        return tlsFiles.serverCert().resolveSibling("server.key");
    }

    /** The socket directory, or empty (no socket) on Windows or when the path would be too long. */
    private String socketDirectory() {
        if (BinaryCache.isWindows() || runDirectory.toString().length() + 20 > 100) {
            return "";
        }
        return runDirectory.toString();
    }

    /** The postmaster's process id from {@code postmaster.pid}, if the file is there and readable. */
    Optional<Long> readPostmasterPid() {
        try {
            Path pidFile = dataDirectory.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            try (Stream<String> lines = Files.lines(pidFile)) {
                return lines.findFirst().map(String::trim).map(Long::parseLong);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Deletes the {@code postmaster.pid} a killed server left behind. */
    void deleteStalePid() {
        try {
            Files.deleteIfExists(dataDirectory.resolve("postmaster.pid"));
        } catch (IOException e) {
            LOG.warn("Could not delete the stale postmaster.pid: {}", e.toString());
        }
    }

    /** The last lines of the server log, for an error message. */
    String logTail() {
        return "Last " + LOG_TAIL_LINES + " lines of " + logFile + ":" + System.lineSeparator()
                + FileUtil.tail(logFile, LOG_TAIL_LINES);
    }

    /** Deletes the temporary directory with everything in it; a failure is logged, not thrown. */
    public void delete() {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                FileUtil.deleteRecursively(baseDirectory);
                return;
            } catch (IOException e) {
                // A process that just died may still have been writing; try again shortly.
                last = e;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        LOG.warn("Could not delete {}: {}", baseDirectory, String.valueOf(last));
    }
}
