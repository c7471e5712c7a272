package org.foreign;

/** A plain value class outside the agent tests' allowed package roots. */
public final class ForeignValue {

    private final String text;

    public ForeignValue(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
