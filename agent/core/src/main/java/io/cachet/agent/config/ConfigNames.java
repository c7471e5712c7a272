package io.cachet.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How an enum value is written in configuration and annotations: lower case, {@code _} as {@code -}. */
public final class ConfigNames {

    private ConfigNames() {
    }

    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> List<String> all(Class<E> type) {
        List<String> out = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            out.add(of(e));
        }
        return out;
    }
}
