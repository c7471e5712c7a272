package io.cachet.agent.cache;

import java.util.List;

/**
 * Names an instrumented method without holding its {@code Class}, so that nothing that keeps one
 * can keep an application class loader alive: for log lines, and to find the method again by
 * reflection (a background reload, the codec's view of its return type).
 */
public final class MethodRef {

    private final String displayName;
    private final String typeName;
    private final String ownerTypeName;
    private final String methodName;
    private final List<String> parameterTypes;

    /**
     * @param displayName {@code com.acme.Repo#find(long)}, for log lines
     * @param parameterTypes erased parameter type names
     */
    public MethodRef(String displayName, String typeName, String methodName, List<String> parameterTypes) {
        this(displayName, typeName, typeName, methodName, parameterTypes);
    }

    /**
     * @param ownerTypeName the type the method is cached for: the declaring class, or the
     *     interface or class that a proxy or generated subclass declaring it stands for
     */
    public MethodRef(String displayName, String typeName, String ownerTypeName, String methodName, List<String> parameterTypes) {
        this.displayName = displayName;
        this.typeName = typeName;
        this.ownerTypeName = ownerTypeName;
        this.methodName = methodName;
        this.parameterTypes = List.copyOf(parameterTypes);
    }

    public String displayName() {
        return displayName;
    }

    /** The declaring class. */
    public String typeName() {
        return typeName;
    }

    /** The type the method is cached for, whose package root the codec allows (see the constructor). */
    public String ownerTypeName() {
        return ownerTypeName;
    }

    public String methodName() {
        return methodName;
    }

    public List<String> parameterTypes() {
        return parameterTypes;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
