package io.cachet.it.apps;

import io.cachet.annotations.Cached;
import io.cachet.annotations.Evicts;
import io.cachet.annotations.WriteThrough;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A user table in memory, read through cached methods and changed through evicting and
 * writing-through ones. Reads count their runs, so a test sees whether an eviction made the
 * next read a miss.
 */
public class Users {

    /** A row. */
    public record User(long id, String name) {
    }

    private final Map<Long, String> table = new ConcurrentHashMap<>();

    @Cached(tags = {"user:{0}"})
    public User findById(long id) {
        Counters.inc("users.findById");
        String name = table.get(id);
        return name == null ? null : new User(id, name);
    }

    @Cached(tags = {"user:{1}"})
    public String greeting(String salutation, long id) {
        Counters.inc("users.greeting");
        return salutation + " " + table.get(id);
    }

    @Cached
    public int count() {
        Counters.inc("users.count");
        return table.size();
    }

    @Evicts(tags = {"user:{0.id}"})
    public void update(User u) {
        table.put(u.id(), u.name());
    }

    @Evicts(cache = "Users.findById", key = "{0}")
    public void rename(long id, String name) {
        table.put(id, name);
    }

    @Evicts(cache = "Users.findById", allEntries = true)
    @Evicts(cache = "Users.count", allEntries = true)
    public void reloadAll(String name) {
        table.replaceAll((id, old) -> name);
    }

    @Evicts(tags = {"user:{0}"}, beforeInvocation = true)
    public void failingBeforeInvocation(long id) {
        table.put(id, "changed-before-failure");
        throw new IllegalStateException("failed after changing " + id);
    }

    @Evicts(tags = {"user:{0}"})
    public void failingAfterInvocation(long id) {
        table.put(id, "changed-before-failure");
        throw new IllegalStateException("failed after changing " + id);
    }

    @WriteThrough(cache = "Users.findById", key = "{0.id}")
    public User save(User u) {
        table.put(u.id(), u.name());
        return u;
    }

    @Evicts(tags = {"user:{0.nope}"})
    public void badEviction(User u) {
        table.put(u.id(), u.name());
    }

    @Evicts(cache = "Users.findById")
    public void evictionWithoutKey(long id) {
        table.remove(id);
    }
}
