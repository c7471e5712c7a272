package io.cachet.it.apps.proxy;

import io.cachet.it.apps.Counters;
import java.util.List;
import java.util.Optional;

/** A real implementation, which a proxy forwards to: both match a rule naming {@link Quotes}. */
public final class BankQuotes implements Quotes {

    @Override
    public String quote(String symbol) {
        Counters.inc("bank.quote");
        return "bank:" + symbol;
    }

    @Override
    public Optional<Integer> price(int id) {
        Counters.inc("bank.price");
        return Optional.of(id * 10);
    }

    @Override
    public List<String> symbols(String prefix) {
        Counters.inc("bank.symbols");
        return List.of(prefix + "1", prefix + "2");
    }
}
