package io.cachet.it.hibernate5;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * Hibernate 5 on an in-memory H2, answering one command a line with {@code OK ...} or
 * {@code EX <exception>}:
 * <pre>
 * book ID             bookWithAuthor: OK TITLE by NAME v VERSION, author a AUTHOR_CLASS
 * alone ID            bookAlone: OK TITLE v VERSION
 * author ID           authorWithBooks: OK NAME: TITLE,TITLE in BOOKS_CLASS
 * retitle ID TITLE    bookWithAuthor, then merge() of it with a new title: OK VERSION
 * sql                 statements prepared so far (Hibernate's statistics): OK COUNT
 * </pre>
 */
public final class Hibernate5App {

    public static void main(String[] args) throws Exception {
        try (SessionFactory sessions = sessionFactory()) {
            seed(sessions);
            Library library = new Library(sessions);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("exit")) {
                String reply;
                try {
                    reply = "OK " + run(library, sessions, line.trim().split(" "));
                } catch (Exception e) {
                    reply = "EX " + e;
                }
                System.out.println(reply);
            }
        }
    }

    private static String run(Library library, SessionFactory sessions, String[] c) {
        switch (c[0]) {
            case "book": {
                Book b = library.bookWithAuthor(Long.parseLong(c[1]));
                return b.getTitle() + " by " + b.getAuthor().getName() + " v " + b.getVersion() + ", author a "
                        + b.getAuthor().getClass().getName();
            }
            case "alone": {
                Book b = library.bookAlone(Long.parseLong(c[1]));
                return b.getTitle() + " v " + b.getVersion();
            }
            case "author": {
                Author a = library.authorWithBooks(Long.parseLong(c[1]));
                StringBuilder titles = new StringBuilder();
                for (Book b : a.getBooks()) {
                    titles.append(titles.length() == 0 ? "" : ",").append(b.getTitle());
                }
                return a.getName() + ": " + titles + " in " + a.getBooks().getClass().getName();
            }
            case "retitle":
                return String.valueOf(library.retitle(library.bookWithAuthor(Long.parseLong(c[1])), c[2]));
            case "sql":
                return String.valueOf(sessions.getStatistics().getPrepareStatementCount());
            default:
                throw new IllegalArgumentException("unknown command " + c[0]);
        }
    }

    private static SessionFactory sessionFactory() {
        return new Configuration()
                .setProperty("hibernate.connection.url", "jdbc:h2:mem:library;DB_CLOSE_DELAY=-1")
                .setProperty("hibernate.connection.username", "sa")
                .setProperty("hibernate.dialect", "org.hibernate.dialect.H2Dialect")
                .setProperty("hibernate.hbm2ddl.auto", "create")
                .setProperty("hibernate.generate_statistics", "true")
                .setProperty("hibernate.session.events.log", "false")
                .addAnnotatedClass(Author.class)
                .addAnnotatedClass(Book.class)
                .buildSessionFactory();
    }

    private static void seed(SessionFactory sessions) {
        try (Session s = sessions.openSession()) {
            s.beginTransaction();
            Author ann = new Author(1, "Ann");
            s.persist(ann);
            s.persist(new Book(1, "Dune", ann));
            s.persist(new Book(2, "Emma", ann));
            Author bea = new Author(2, "Bea");
            s.persist(bea);
            s.persist(new Book(3, "Sense", bea));
            s.getTransaction().commit();
        }
    }
}
