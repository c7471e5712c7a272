package io.cachet.it.apps.near;

import io.cachet.annotations.Cached;
import io.cachet.annotations.Evicts;
import io.cachet.annotations.WriteThrough;
import io.cachet.it.apps.Counters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A table of one-line rows kept as files in a directory that several JVMs share, read through
 * near-cached methods and changed through every kind of invalidation.
 */
public class Shelf {

    /** A value the caller can change, to show a near-cache hit hands out its own copy. */
    public static class Box {
        public final List<String> items = new ArrayList<>();

        @Override
        public String toString() {
            return items.toString();
        }
    }

    private final Path dir;

    public Shelf(Path dir) {
        this.dir = dir;
    }

    @Cached(near = true, tags = "shelf:{0}")
    public String read(long id) {
        Counters.inc("shelf.read");
        return row(id);
    }

    @Cached(near = true)
    public Box box(long id) {
        Counters.inc("shelf.box");
        Box b = new Box();
        b.items.add(row(id));
        return b;
    }

    @Evicts(tags = "shelf:{0}")
    public void write(long id, String value) {
        store(id, value);
    }

    @Evicts(cache = "Shelf.read", key = "{0}")
    public void writeKey(long id, String value) {
        store(id, value);
    }

    @Evicts(cache = "Shelf.read", allEntries = true)
    public void writeAll(long id, String value) {
        store(id, value);
    }

    @WriteThrough(cache = "Shelf.read", key = "{0}")
    public String save(long id, String value) {
        store(id, value);
        return value;
    }

    private String row(long id) {
        try {
            return Files.readString(dir.resolve(Long.toString(id)), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "none";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void store(long id, String value) {
        try {
            // Readers in other JVMs never see half a row.
            Path tmp = Files.createTempFile(dir, "row", ".tmp");
            Files.writeString(tmp, value, StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(Long.toString(id)), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
