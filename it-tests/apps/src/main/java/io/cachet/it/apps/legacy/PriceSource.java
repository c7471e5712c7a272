package io.cachet.it.apps.legacy;

/** A "vendor" interface; rules name it, and its implementations are cached. */
public interface PriceSource {
    long price(String sku);
}
