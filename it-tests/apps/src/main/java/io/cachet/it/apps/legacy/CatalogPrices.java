package io.cachet.it.apps.legacy;

import io.cachet.it.apps.Counters;

/** Implements {@link PriceSource}; never named by a rule itself. */
public class CatalogPrices implements PriceSource {

    @Override
    public long price(String sku) {
        Counters.inc("catalogPrices.price");
        return sku.length() * 100L;
    }

    /** Overridden by a subclass; a rule names this class. */
    public long rate(int tier) {
        Counters.inc("catalogPrices.rate");
        return tier * 3L;
    }
}
