package com.acme.shop;

import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hibernate.SessionFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * One endpoint per repository method kind. Answers are plain text; {@code /stats/statements}
 * counts the JDBC statements Hibernate prepared, which is how tests tell a hit (none) from a load.
 */
@RestController
public class ShopController {

    private final BookRepository books;
    private final AuthorRepository authors;
    private final BookService service;
    private final SessionFactory sessions;

    public ShopController(BookRepository books, AuthorRepository authors, BookService service, EntityManagerFactory emf) {
        this.books = books;
        this.authors = authors;
        this.service = service;
        this.sessions = emf.unwrap(SessionFactory.class);
    }

    @GetMapping("/books/{id}")
    public String findById(@PathVariable long id) {
        return books.findById(id).map(ShopController::brief).orElse("none");
    }

    @GetMapping("/authors/{id}")
    public String author(@PathVariable long id) {
        return authors.findById(id).map(ShopController::brief).orElse("none");
    }

    @GetMapping("/authors")
    public String allAuthors() {
        return authors.findAll().stream().map(ShopController::brief).sorted().collect(Collectors.joining(";"));
    }

    @GetMapping("/authors/by-name/{name}")
    public String authorByName(@PathVariable String name) {
        return authors.findByName(name).map(ShopController::brief).orElse("none");
    }

    @PostMapping("/authors/{id}/alias")
    public String addAlias(@PathVariable long id, @RequestParam String alias) {
        return brief(service.addAlias(id, alias));
    }

    @GetMapping("/authors/page/{page}")
    public String authorPage(@PathVariable int page) {
        Page<Author> p = authors.findAll(PageRequest.of(page, 1, Sort.by("id")));
        return p.getContent().stream().map(Author::getName).collect(Collectors.joining(",")) + " of " + p.getTotalElements();
    }

    @GetMapping("/books/cheaper/{price}")
    public String cheaper(@PathVariable int price) {
        return books.findByPriceLessThan(price).stream().map(TitleOnly::getTitle).sorted().collect(Collectors.joining(","));
    }

    @GetMapping("/books/cheaper-views/{price}")
    public String cheaperViews(@PathVariable int price) {
        return books.readByPriceLessThan(price).stream().map(TitleView::title).sorted().collect(Collectors.joining(","));
    }

    @GetMapping("/books")
    public String findAll() {
        return books.findAll().stream().map(Book::getTitle).sorted().collect(Collectors.joining(","));
    }

    @GetMapping("/books/count-above/{price}")
    public long countAbove(@PathVariable int price) {
        return books.countByPriceGreaterThan(price);
    }

    @GetMapping("/books/titles-above/{price}")
    public String titlesAbove(@PathVariable int price) {
        return String.join(",", books.titlesAbove(price));
    }

    @GetMapping("/books/by-title/{title}")
    public String byTitle(@PathVariable String title) {
        return books.findByTitle(title).stream().map(b -> b.getId() + ":" + b.getTitle()).collect(Collectors.joining(","));
    }

    @GetMapping("/books/{id}/full")
    public String full(@PathVariable long id) {
        return books.findWithEverythingById(id).map(ShopController::full).orElse("none");
    }

    @GetMapping("/books/{id}/with-author")
    public String withAuthor(@PathVariable long id) {
        return books.findWithAuthor(id).map(b -> brief(b) + " author=" + b.getAuthor().getName()
                + " authorClass=" + b.getAuthor().getClass().getSimpleName()).orElse("none");
    }

    @GetMapping("/books/{id}/reference")
    public String reference(@PathVariable long id) {
        return brief(books.getReferenceById(id));
    }

    @PostMapping("/books/{id}/rename")
    public String rename(@PathVariable long id, @RequestParam String title) {
        return brief(service.rename(id, title));
    }

    /** Reads the book through the cached, fully fetched query and hands that copy to merge(). */
    @PostMapping("/books/{id}/reprice")
    public String reprice(@PathVariable long id, @RequestParam int price) {
        Book book = books.findWithEverythingById(id).orElseThrow();
        return brief(service.reprice(book, price));
    }

    @GetMapping("/stats/statements")
    public long statements() {
        return sessions.getStatistics().getPrepareStatementCount();
    }

    private static String brief(Book b) {
        return "id=" + b.getId() + " title=" + b.getTitle() + " price=" + b.getPrice() + " version=" + b.getVersion();
    }

    private static String brief(Author a) {
        return "id=" + a.getId() + " name=" + a.getName() + " version=" + a.getVersion() + " aliases=" + a.getAliases()
                + " aliasesKind=" + kind(a.getAliases());
    }

    private static String full(Book b) {
        Map<String, String> attributes = new TreeMap<>(b.getAttributes());
        List<Integer> stars = b.getReviews().stream().map(Review::getStars).sorted().collect(Collectors.toList());
        return brief(b) + " author=" + b.getAuthor().getName() + " aliases=" + b.getAuthor().getAliases()
                + " reviews=" + stars + " tags=" + new TreeSet<>(b.getTags()) + " attributes=" + attributes
                + " kinds=" + kind(b.getAuthor()) + "," + kind(b.getReviews()) + "," + kind(b.getTags()) + ","
                + kind(b.getAttributes()) + "," + kind(b.getAuthor().getAliases());
    }

    /** The class a value really is: a Hibernate proxy or collection on a load, plain on a hit. */
    private static String kind(Object o) {
        String n = o.getClass().getName();
        return n.substring(n.lastIndexOf('.') + 1);
    }
}
