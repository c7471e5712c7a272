package org.hibernate.collection.spi;

/** Hibernate's persistent collection interface, by name (test stand-in). */
public interface PersistentCollection {

    boolean wasInitialized();
}
