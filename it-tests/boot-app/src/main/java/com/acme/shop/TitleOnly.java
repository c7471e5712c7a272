package com.acme.shop;

/** An interface projection: Spring Data answers with a JDK proxy of it, which exists only in this JVM. */
public interface TitleOnly {

    String getTitle();
}
