package org.hibernate.proxy;

/** Hibernate's proxy interface, by name only: the agent recognises proxies by it (test stand-in, not Hibernate's). */
public interface HibernateProxy {

    LazyInitializer getHibernateLazyInitializer();
}
