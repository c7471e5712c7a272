package io.cachet.it.jta;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.OperationNotSupportedException;
import javax.naming.spi.InitialContextFactory;

/**
 * The smallest JNDI a standalone transaction manager needs: names bound in this JVM, found by
 * {@code new InitialContext().lookup(name)} once {@code java.naming.factory.initial} names this
 * class. A container binds the same names for its applications.
 */
public final class LocalJndi implements InitialContextFactory {

    private static final Map<String, Object> NAMES = new ConcurrentHashMap<>();

    /** Makes {@code new InitialContext()} in this JVM use these names. */
    public static void install() {
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, LocalJndi.class.getName());
    }

    public static void bind(String name, Object value) {
        NAMES.put(name, value);
    }

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) {
        return (Context) Proxy.newProxyInstance(LocalJndi.class.getClassLoader(), new Class<?>[] {Context.class}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "lookup":
                    Object found = NAMES.get(String.valueOf(args[0]));
                    if (found == null) {
                        throw new NameNotFoundException(String.valueOf(args[0]));
                    }
                    return found;
                case "close":
                    return null;
                case "toString":
                    return "LocalJndi";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    throw new OperationNotSupportedException(method.getName());
            }
        });
    }
}
