package org.foreign;

/**
 * A class outside every allowed package root of the agent's tests. Its static initializer
 * counts its initialisations in a system property, so a test can tell whether decoding ever
 * initialised it.
 */
public final class Secret {

    public static final String INITIALISATIONS = "cachet.test.org.foreign.Secret.initialisations";

    static {
        System.setProperty(INITIALISATIONS, String.valueOf(Integer.getInteger(INITIALISATIONS, 0) + 1));
    }

    private final String payload;

    public Secret(String payload) {
        this.payload = payload;
    }

    public String payload() {
        return payload;
    }
}
