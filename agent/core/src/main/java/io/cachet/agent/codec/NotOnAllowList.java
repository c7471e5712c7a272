package io.cachet.agent.codec;

import com.esotericsoftware.kryo.KryoException;

/** A class Kryo was asked to write that decoding would refuse to read ({@link AllowListClassResolver}). */
final class NotOnAllowList extends KryoException {

    private static final long serialVersionUID = 1L;

    final String className;

    NotOnAllowList(String className) {
        super(className + " is not on Cachet's allow-list");
        this.className = className;
    }
}
