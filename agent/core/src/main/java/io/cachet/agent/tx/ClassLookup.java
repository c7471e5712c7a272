package io.cachet.agent.tx;

/** Looks for an application class without initialising it, and without failing. */
final class ClassLookup {

    private ClassLookup() {
    }

    /** {@code name} as {@code loader} sees it, not initialised; {@code null} when it has none. */
    static Class<?> find(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return null;
        }
    }
}
