package io.cachet.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code cachet.config.watch=true}: re-reads the properties file when its contents change
 * (compared byte for byte once a second, which also catches edits within one mtime tick and
 * files replaced by renaming) and says so.
 */
public final class ConfigWatcher {

    private static final long INTERVAL_MILLIS = 1_000;

    private ConfigWatcher() {
    }

    /** Starts a daemon thread that calls {@code onChange} after each change of {@code file}. */
    public static void watch(Path file, Runnable onChange) {
        Thread t = new Thread(() -> loop(file, onChange), "cachet-config-watch");
        t.setDaemon(true);
        t.setContextClassLoader(null);
        t.start();
    }

    private static void loop(Path file, Runnable onChange) {
        byte[] last = read(file);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            byte[] now = read(file);
            if (!Arrays.equals(now, last)) {
                last = now;
                onChange.run();
            }
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException missing) {
            return new byte[0];
        }
    }
}
