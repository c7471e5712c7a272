package com.acme.shop;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Authors have nothing lazy: the inherited methods ({@code findById}, {@code findAll}) cache their entities. */
public interface AuthorRepository extends JpaRepository<Author, Long> {

    Optional<Author> findByName(String name);
}
