package io.cachet.agent.instrument;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;

/** How methods are named in log lines and default cache names. */
final class MethodNames {

    private MethodNames() {
    }

    /** {@code com.acme.Catalog#find(long,String)}. */
    static String display(TypeDescription type, MethodDescription method) {
        return type.getName() + "#" + method.getName() + simpleParameterList(method);
    }

    /** {@code (long,String)}: erased simple names. */
    static String simpleParameterList(MethodDescription method) {
        StringBuilder sb = new StringBuilder("(");
        for (ParameterDescription p : method.getParameters()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            String n = p.getType().asErasure().getActualName();
            sb.append(n.substring(Math.max(n.lastIndexOf('.'), n.lastIndexOf('$')) + 1));
        }
        return sb.append(')').toString();
    }
}
