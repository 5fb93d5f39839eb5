package dev.nemotron.runtime.hub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Another process downloading a blob: it takes the blob's lock file as {@code huggingface_hub} and this runtime
 * do, signals that it holds it, writes the blob a little later and releases the lock.
 */
final class LockHolder {

    private LockHolder() {
    }

    /** {@code lock signal source blob}. */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path lock = Path.of(args[0]);
        Files.createDirectories(lock.getParent());
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock _ = channel.lock()) {
            Files.writeString(Path.of(args[1]), "locked");
            // Long enough for the test's resolver to reach the lock in the usual case; correctness does not depend
            // on it, since a resolver arriving later finds the blob without the lock.
            Thread.sleep(1500);
            Path blob = Path.of(args[3]);
            Files.createDirectories(blob.getParent());
            Path temp = blob.resolveSibling(blob.getFileName() + ".incomplete");
            Files.copy(Path.of(args[2]), temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, blob, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    static Process start(Path lock, Path signal, Path source, Path blob) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), lock.toString(), signal.toString(), source.toString(), blob.toString()))
                .inheritIO()
                .start();
    }

    /** Waits until the other process holds the lock (or has died, which fails the test). */
    static void awaitSignal(Process process, Path signal) throws InterruptedException {
        while (!Files.exists(signal)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the lock holder exited with " + process.exitValue());
            }
            Thread.sleep(20);
        }
    }
}
