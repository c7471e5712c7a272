package io.cachet.agent.codec;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.util.DefaultClassResolver;

/**
 * Refuses to write a class that decoding would refuse to read, so that such a value is reported
 * as not cacheable once instead of being stored and then missed on every read.
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

    /** Whether classes this Kryo had not written before were written since the last call. */
    boolean takeNewClasses() {
        boolean n = newClasses;
        newClasses = false;
        return n;
    }
}
