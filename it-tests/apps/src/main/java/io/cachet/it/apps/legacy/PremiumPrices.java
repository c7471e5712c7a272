package io.cachet.it.apps.legacy;

import io.cachet.it.apps.Counters;

/** A subclass overriding a method of the class a rule names. */
public class PremiumPrices extends CatalogPrices {

    @Override
    public long rate(int tier) {
        Counters.inc("premiumPrices.rate");
        return tier * 5L;
    }
}
