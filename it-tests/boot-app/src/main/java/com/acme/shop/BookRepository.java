package com.acme.shop;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * Every kind of repository method Spring Data implements behind one JDK dynamic proxy:
 * inherited ({@code findById}, {@code findAll}, {@code getReferenceById}), derived from the
 * name, and {@code @Query}.
 */
public interface BookRepository extends JpaRepository<Book, Long> {

    long countByPriceGreaterThan(int price);

    /** The author stays an uninitialised proxy and the collections uninitialised. */
    List<Book> findByTitle(String title);

    /** Everything fetched in the query: a graph with nothing left to load. */
    @EntityGraph(attributePaths = {"author", "reviews", "tags", "attributes"})
    Optional<Book> findWithEverythingById(long id);

    @Query("select b.title from Book b where b.price > ?1 order by b.title")
    List<String> titlesAbove(int price);

    @Query("select b from Book b join fetch b.author where b.id = ?1")
    Optional<Book> findWithAuthor(long id);
}
