package io.cachet.agent.codec;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.util.DefaultClassResolver;

/**
 * Refuses to write a class that decoding would refuse to read, so that such a value is reported
 * as not cacheable once instead of being stored and then missed on every read; and refuses a
 * class name read from an entry that the allow-list does not allow before anything is loaded.
 * Kryo would otherwise try {@code Class.forName(name, false, ...)} with its own loader once
 * {@link AllowListClassLoader} has refused, and loading a class (even uninitialised) is already
 * more than bytes in Redis may make us do.
 */
final class AllowListClassResolver extends DefaultClassResolver {

    private final AllowList allowList;
    /** Whether a class was registered since the last {@link #takeNewClasses}: the encoding then gets checked. */
    private boolean newClasses;

    AllowListClassResolver(AllowList allowList) {
        this.allowList = allowList;
    }

    @Override
    public Registration registerImplicit(Class type) {
        if (!type.isPrimitive() && !allowList.allows(type.getName())) {
            // What to do about it is CodecAdvice's business: adding the package is not always the answer.
            throw new NotOnAllowList(type.getName());
        }
        newClasses = true;
        return super.registerImplicit(type);
    }

    @Override
    protected Class<?> getTypeByName(String className) {
        if (!allowList.allows(className)) {
            throw new NotOnAllowList(className);
        }
        return super.getTypeByName(className);
    }

    /** Whether classes this Kryo had not written before were written since the last call. */
    boolean takeNewClasses() {
        boolean n = newClasses;
        newClasses = false;
        return n;
    }
}
