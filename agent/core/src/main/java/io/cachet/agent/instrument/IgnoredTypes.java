package io.cachet.agent.instrument;

/**
 * Packages never instrumented: the JDK, Cachet itself (including everything it shades), and
 * other agents, whose classes run inside class loading and must not recurse into ours. Names
 * are internal ({@code java/lang/String}), as the JVM hands them to transformers.
 *
 * <p>One exception: JDK dynamic proxy classes ({@code jdk/proxy3/$Proxy171},
 * {@code com/sun/proxy/$Proxy12}) live in the JDK's packages but implement application
 * interfaces; they pass here, and {@link GeneratedTypes#applicationInterfaces} then keeps out
 * every proxy made only for JDK, Cachet or other agents' interfaces.
 *
 * <p>A trie keyed by character: the JVM asks for every class it loads, so the answer must cost
 * a handful of comparisons, not a scan of the list.
 */
final class IgnoredTypes {

    private static final String[] PREFIXES = {
        "java/", "javax/", "jdk/", "sun/", "com/sun/",
        "io/cachet/CachetAgent", "io/cachet/AgentStarter", "io/cachet/AgentClassLoader", "io/cachet/BootstrapInjector",
        "io/cachet/bootstrap/", "io/cachet/agent/", "io/cachet/shaded/", "io/cachet/annotations/",
        "net/bytebuddy/", "io/opentelemetry/javaagent/", "co/elastic/apm/agent/", "org/jacoco/agent/rt/",
        "com/newrelic/", "datadog/", "com/datadog/", "org/glowroot/", "com/intellij/rt/", "org/aspectj/",
    };

    private static final Node ROOT = build();

    private IgnoredTypes() {
    }

    private static final class Node {
        final Node[] next = new Node[128];
        boolean terminal;
    }

    private static Node build() {
        Node root = new Node();
        for (String p : PREFIXES) {
            Node n = root;
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (n.next[c] == null) {
                    n.next[c] = new Node();
                }
                n = n.next[c];
            }
            n.terminal = true;
        }
        return root;
    }

    static boolean isIgnored(String internalName) {
        Node n = ROOT;
        for (int i = 0; i < internalName.length(); i++) {
            char c = internalName.charAt(i);
            if (c >= 128 || (n = n.next[c]) == null) {
                return false;
            }
            if (n.terminal) {
                return !GeneratedTypes.isJdkProxyName(internalName);
            }
        }
        return false;
    }
}
