package com.acme.shop;

/** A DTO projection of the same query: a record of plain values, which any JVM can decode. */
public record TitleView(String title) {
}
