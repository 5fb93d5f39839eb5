package dev.nemotron.runtime.hub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exclusive right to download one blob, across threads and processes.
 *
 * <p>{@link FileChannel#lock()} excludes other processes only: inside one JVM a second lock on the same file
 * throws {@link java.nio.channels.OverlappingFileLockException}. So threads first queue on an in-process lock per
 * lock file, and the one holding it then takes the file lock.
 */
final class FileGuard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FileGuard.class);
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private FileGuard(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Blocks until this thread holds the lock file {@code path}, logging if it has to wait. */
    static FileGuard acquire(Path path, String what) throws IOException {
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(path.toAbsolutePath().normalize(),
                p -> new ReentrantLock());
        if (!threadLock.tryLock()) {
            log.info("Waiting for another download of {} in this process", what);
            threadLock.lock();
        }
        try {
            Files.createDirectories(path.getParent());
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock fileLock = channel.tryLock();
                if (fileLock == null) {
                    log.info("Waiting for another process downloading {} (lock {})", what, path);
                    fileLock = channel.lock();
                }
                return new FileGuard(threadLock, channel, fileLock);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            threadLock.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            threadLock.unlock();
        }
    }
}
