package io.cachet.agent.store;

import java.util.List;

/**
 * Hears the version counters other JVMs (and this one) bump, as {@link CacheStore} announces
 * them. Announcements are at most once: pub/sub drops what is published while a subscriber is
 * disconnected, so the store also says when announcements may have been missed.
 */
public interface InvalidationListener {

    /** For a store without near caches to inform. */
    InvalidationListener NONE = new InvalidationListener() {
        @Override
        public void bumped(List<String> counterKeys) {
        }

        @Override
        public void listening() {
        }

        @Override
        public void deaf(String why) {
        }
    };

    /** These counters were bumped in the store (the bump has landed before this is called). */
    void bumped(List<String> counterKeys);

    /** Announcements arrive from now on; any before may have been missed. */
    void listening();

    /** Announcements may be missed from now on, until {@link #listening()}. */
    void deaf(String why);
}
