package io.cachet.agent.cli;

/** Exceptions as one line for an operator: the innermost cause's type and message. */
final class Failures {

    private Failures() {
    }

    static String oneLine(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String message = c.getMessage() == null ? "" : ": " + c.getMessage().replace('\n', ' ');
        return c.getClass().getSimpleName() + message;
    }
}
