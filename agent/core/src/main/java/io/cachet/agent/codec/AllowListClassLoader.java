package io.cachet.agent.codec;

/**
 * The loader Kryo resolves class names through ({@code Class.forName(name, false, this)}). It
 * refuses names outside the allow-list before anything is loaded, so bytes in Redis, whoever
 * wrote them, can never make us load, initialise or instantiate a class the application did not
 * ask us to cache. Allowed names are delegated to the application's own loader.
 */
final class AllowListClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final AllowList allowList;

    AllowListClassLoader(ClassLoader application, AllowList allowList) {
        super(application);
        this.allowList = allowList;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!allowList.allows(name)) {
            throw new ClassNotFoundException(name + " is not on Cachet's allow-list");
        }
        return super.loadClass(name, resolve);
    }
}
