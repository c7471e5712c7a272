package com.acme.shop;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Writes go through here; a rule makes {@link #rename} evict what the repository cached. */
@Service
public class BookService {

    private final BookRepository books;

    public BookService(BookRepository books) {
        this.books = books;
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
