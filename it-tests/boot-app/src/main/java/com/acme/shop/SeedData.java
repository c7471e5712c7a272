package com.acme.shop;

import jakarta.persistence.EntityManager;
import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Fills the database once: in the first of several JVMs sharing it ({@code shop.seed=true}). */
@Component
@ConditionalOnProperty(name = "shop.seed", havingValue = "true")
public class SeedData implements ApplicationRunner {

    private final EntityManager em;

    public SeedData(EntityManager em) {
        this.em = em;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        Author ursula = new Author(1, "Ursula", List.of("UKL", "Le Guin"));
        Author stanislaw = new Author(2, "Stanislaw", List.of("Lem"));
        em.persist(ursula);
        em.persist(stanislaw);
        Book dispossessed = new Book(1, "Dispossessed", 12, ursula);
        dispossessed.getTags().addAll(List.of("anarchy", "physics"));
        dispossessed.getAttributes().put("pages", "387");
        dispossessed.getAttributes().put("year", "1974");
        Book earthsea = new Book(2, "Earthsea", 9, ursula);
        Book solaris = new Book(3, "Solaris", 15, stanislaw);
        solaris.getTags().add("ocean");
        for (Book b : List.of(dispossessed, earthsea, solaris)) {
            em.persist(b);
        }
        em.persist(new Review(1, 5, dispossessed));
        em.persist(new Review(2, 4, dispossessed));
        em.persist(new Review(3, 3, solaris));
    }
}
