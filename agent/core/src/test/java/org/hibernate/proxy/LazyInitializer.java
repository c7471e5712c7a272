package org.hibernate.proxy;

/** The two methods of Hibernate's LazyInitializer the agent calls (test stand-in). */
public interface LazyInitializer {

    boolean isUninitialized();

    Object getImplementation();
}
