package com.acme.shop;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Writes go through here; rules make them evict what the repositories cached. */
@Service
public class BookService {

    private final BookRepository books;
    private final AuthorRepository authors;

    public BookService(BookRepository books, AuthorRepository authors) {
        this.books = books;
        this.authors = authors;
    }

    /** Through a cached findById (a detached copy on a hit) and save(): merge() takes the copy. */
    @Transactional
    public Author addAlias(long id, String alias) {
        Author author = authors.findById(id).orElseThrow();
        author.getAliases().add(alias);
        return authors.save(author);
    }

    @Transactional
    public Book rename(long id, String title) {
        // findById may answer from the cache with a detached copy: save() merges it either way.
        Book book = books.findById(id).orElseThrow();
        book.setTitle(title);
        return books.save(book);
    }

    /** Hands a possibly detached (cached) book to {@code merge}, as {@code save} does for one with an id. */
    @Transactional
    public Book reprice(Book book, int price) {
        book.setPrice(price);
        return books.save(book);
    }
}
