package org.gadget;

/**
 * Stands for a deserialization gadget: a class outside the allow-list. The tests check, with
 * the JVM's class-loading log, that decoding never even loads it.
 */
public final class Gadget {

    private final String payload;

    public Gadget(String payload) {
        this.payload = payload;
    }

    @Override
    public String toString() {
        return "Gadget(" + payload + ")";
    }
}
