package io.cachet.agent.codec;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.util.DefaultClassResolver;

/**
 * Refuses to write a class that decoding would refuse to read, so that such a value is reported
 * as not cacheable once instead of being stored and then missed on every read.
 */
final class AllowListClassResolver extends DefaultClassResolver {

    private final AllowList allowList;

    AllowListClassResolver(AllowList allowList) {
        this.allowList = allowList;
    }

    @Override
    public Registration registerImplicit(Class type) {
        if (!type.isPrimitive() && !allowList.allows(type.getName())) {
            throw new KryoException(type.getName() + " is not on Cachet's allow-list (add its package to cachet.codec.allowed-packages)");
        }
        return super.registerImplicit(type);
    }
}
