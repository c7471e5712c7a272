package io.cachet.agent.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A command's arguments: {@code --name value} options and positional arguments. */
final class Options {

    private static final Set<String> KNOWN = Set.of("config", "cache", "tag", "key", "scan", "sample");

    private final Map<String, String> named;
    private final List<String> positional;

    private Options(Map<String, String> named, List<String> positional) {
        this.named = named;
        this.positional = positional;
    }

    static Options parse(String[] args) {
        Map<String, String> named = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                if (!KNOWN.contains(name)) {
                    throw new CommandLine.BadArguments("unknown option " + a);
                }
                if (i + 1 >= args.length) {
                    throw new CommandLine.BadArguments(a + " needs a value");
                }
                if (named.put(name, args[++i]) != null) {
                    throw new CommandLine.BadArguments(a + " given twice");
                }
            } else {
                positional.add(a);
            }
        }
        return new Options(named, positional);
    }

    String get(String name) {
        return named.get(name);
    }

    boolean has(String name) {
        return named.containsKey(name);
    }

    int positiveInt(String name, int def) {
        String v = named.get(name);
        if (v == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new CommandLine.BadArguments("--" + name + " " + v + ": not a positive whole number");
    }

    List<String> positional() {
        return positional;
    }

    /** Refuses options the command does not take, and positional arguments beyond {@code maxPositional}. */
    void allowOnly(int maxPositional, String... names) {
        for (String n : named.keySet()) {
            if (!List.of(names).contains(n)) {
                throw new CommandLine.BadArguments("--" + n + " does not apply here");
            }
        }
        if (positional.size() > maxPositional) {
            throw new CommandLine.BadArguments("unexpected argument " + positional.get(maxPositional));
        }
    }
}
