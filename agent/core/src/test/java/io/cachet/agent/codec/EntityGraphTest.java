package io.cachet.agent.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachet.agent.key.Versions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.collection.spi.PersistentCollection;
import org.hibernate.proxy.HibernateProxy;
import org.hibernate.proxy.LazyInitializer;
import org.junit.jupiter.api.Test;

/**
 * Hibernate's stand-ins in a result graph, with look-alikes implementing interfaces of
 * Hibernate's names (the codec knows them by name only): initialised ones are stored as what they
 * stand for, uninitialised ones refuse the call with the path that leads to them.
 */
class EntityGraphTest {

    private static final Versions V = Versions.of(new long[] {1});
    private static final String KEY = "test:cachet:Books.find:1";

    static class Author {
        Long id;
        String name;

        Author() {
        }

        Author(long id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    static class Book {
        Long id;
        Long version;
        Author author;
        List<String> reviews;
        Set<String> tags;
        Map<String, String> attributes;
    }

    /** A generated subclass of the entity: its own fields stay empty, the entity is behind the initializer. */
    static final class AuthorProxy extends Author implements HibernateProxy {
        final Author target;

        AuthorProxy(Author target) {
            this.target = target;
        }

        @Override
        public LazyInitializer getHibernateLazyInitializer() {
            return new LazyInitializer() {
                @Override
                public boolean isUninitialized() {
                    return target == null;
                }

                @Override
                public Object getImplementation() {
                    if (target == null) {
                        throw new AssertionError("the codec must never initialise a proxy");
                    }
                    return target;
                }
            };
        }
    }

    static final class Bag extends ArrayList<String> implements PersistentCollection {
        final boolean initialized;

        Bag(boolean initialized, List<String> content) {
            super(content);
            this.initialized = initialized;
        }

        @Override
        public boolean wasInitialized() {
            return initialized;
        }
    }

    static final class PSet extends HashSet<String> implements PersistentCollection {
        PSet(Set<String> content) {
            super(content);
        }

        @Override
        public boolean wasInitialized() {
            return true;
        }
    }

    static final class PMap extends HashMap<String, String> implements PersistentCollection {
        PMap(Map<String, String> content) {
            super(content);
        }

        @Override
        public boolean wasInitialized() {
            return true;
        }
    }

    private static MethodCodec codec() {
        return MethodCodec.create(EntityGraphTest.class.getClassLoader(), Book.class, Book.class,
                MethodCodec.applicationPackages(EntityGraphTest.class, List.of()), 1024);
    }

    private static Book book(Author author, boolean reviewsLoaded) {
        Book b = new Book();
        b.id = 1L;
        b.version = 3L;
        b.author = author;
        b.reviews = new Bag(reviewsLoaded, reviewsLoaded ? List.of("good") : List.of());
        b.tags = new PSet(Set.of("x"));
        b.attributes = new PMap(Map.of("pages", "387"));
        return b;
    }

    @Test
    void initialisedStandInsAreStoredAsWhatTheyStandFor() {
        MethodCodec codec = codec();
        Book back = (Book) codec.decode(codec.encode(book(new AuthorProxy(new Author(7, "Ursula")), true), KEY, 1L, 1, V), V);
        assertThat(back.id).isEqualTo(1L);
        assertThat(back.version).isEqualTo(3L);
        assertThat(back.author.getClass()).isEqualTo(Author.class);
        assertThat(back.author.name).isEqualTo("Ursula");
        assertThat(back.reviews).isExactlyInstanceOf(ArrayList.class).containsExactly("good");
        assertThat(back.tags).isExactlyInstanceOf(java.util.LinkedHashSet.class).containsExactly("x");
        assertThat(back.attributes).isExactlyInstanceOf(java.util.LinkedHashMap.class).containsEntry("pages", "387");
    }

    @Test
    void anUninitialisedProxyRefusesTheCallNamingThePath() {
        assertThatThrownBy(() -> codec().encode(book(new AuthorProxy(null), true), KEY, 1L, 1, V))
                .isInstanceOfSatisfying(CodecException.class, e -> {
                    assertThat(e.perCall()).isTrue();
                    assertThat(e.getMessage()).startsWith("Book.author is an uninitialised lazy association (proxy of "
                            + Author.class.getName() + ")");
                    assertThat(e.remedy()).contains("JOIN FETCH", "@EntityGraph(attributePaths = \"author\")");
                });
    }

    @Test
    void anUninitialisedCollectionRefusesTheCallNamingThePath() {
        assertThatThrownBy(() -> codec().encode(book(new Author(7, "U"), false), KEY, 1L, 1, V))
                .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.getMessage())
                        .startsWith("Book.reviews is an uninitialised lazy association (Bag)"));
    }

    @Test
    void theApplicationsObjectsAreLeftAsTheyWere() {
        Book b = book(new AuthorProxy(new Author(7, "Ursula")), true);
        Object reviews = b.reviews;
        codec().encode(b, KEY, 1L, 1, V);
        assertThat(b.reviews).isSameAs(reviews);
        assertThat(b.author).isInstanceOf(AuthorProxy.class);
    }
}
