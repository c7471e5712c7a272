package io.cachet.it.apps.proxy;

import java.util.List;
import java.util.Optional;

/** An interface nobody implements with a class: calls reach an {@code InvocationHandler}. */
public interface Quotes {

    String quote(String symbol);

    Optional<Integer> price(int id);

    List<String> symbols(String prefix);
}
