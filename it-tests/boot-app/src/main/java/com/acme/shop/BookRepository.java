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

    /** The author stays an uninitialised proxy, the reviews an uninitialised bag. */
    List<Book> findByTitle(String title);

    /**
     * The lazy associations fetched in the query, the rest as mapped (a LOAD graph: a FETCH graph
     * would make the EAGER collections lazy): a graph with nothing left to load.
     */
    @EntityGraph(attributePaths = {"author", "reviews"}, type = EntityGraph.EntityGraphType.LOAD)
    Optional<Book> findWithEverythingById(long id);

    List<TitleOnly> findByPriceLessThan(int price);

    List<TitleView> readByPriceLessThan(int price);

    @Query("select b.title from Book b where b.price > ?1 order by b.title")
    List<String> titlesAbove(int price);

    /** The author fetched (as the WARN about findByTitle advises), the reviews still lazy. */
    @Query("select b from Book b join fetch b.author where b.id = ?1")
    Optional<Book> findWithAuthor(long id);
}
