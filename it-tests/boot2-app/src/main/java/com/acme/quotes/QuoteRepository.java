package com.acme.quotes;

import org.springframework.data.jpa.repository.JpaRepository;

/** A Spring Data repository: {@code findById} is inherited, and cached by a rule naming this interface. */
public interface QuoteRepository extends JpaRepository<Quote, Long> {
}
