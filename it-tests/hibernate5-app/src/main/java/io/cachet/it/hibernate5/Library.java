package io.cachet.it.hibernate5;

import java.util.function.Function;
import org.hibernate.Hibernate;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * The reads and the write Hibernate5IT caches by rules: each read returns a graph detached from
 * its session, holding what Hibernate 5 puts there (an initialised or uninitialised lazy proxy,
 * an initialised {@code PersistentBag}).
 */
public class Library {

    private final SessionFactory sessions;

    Library(SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** The book, its author an initialised Hibernate proxy (and the author's books loaded too). */
    public Book bookWithAuthor(long id) {
        return inSession(s -> {
            Book b = s.get(Book.class, id);
            Hibernate.initialize(b.getAuthor());
            Hibernate.initialize(b.getAuthor().getBooks());
            return b;
        });
    }

    /** The book, its author an uninitialised Hibernate proxy. */
    public Book bookAlone(long id) {
        return inSession(s -> s.get(Book.class, id));
    }

    /** The author, its books an initialised {@code PersistentBag}. */
    public Author authorWithBooks(long id) {
        return inSession(s -> {
            Author a = s.get(Author.class, id);
            Hibernate.initialize(a.getBooks());
            return a;
        });
    }

    /** Saves a detached book (a cached one, here) with a new title: {@code merge}. */
    public int retitle(Book detached, String title) {
        detached.setTitle(title);
        return inSession(s -> {
            s.beginTransaction();
            Book merged = (Book) s.merge(detached);
            s.getTransaction().commit();
            return merged.getVersion();
        });
    }

    private <T> T inSession(Function<Session, T> work) {
        try (Session s = sessions.openSession()) {
            return work.apply(s);
        }
    }
}
