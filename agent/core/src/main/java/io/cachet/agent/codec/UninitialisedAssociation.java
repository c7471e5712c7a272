package io.cachet.agent.codec;

import com.esotericsoftware.kryo.KryoException;
import java.util.ArrayList;
import java.util.List;

/**
 * A lazy association met while encoding that was never loaded: a Hibernate proxy or persistent
 * collection with nothing in it yet. Storing it as {@code null} or empty would hand every later
 * caller a wrong entity, and loading it from inside the codec would run SQL the application never
 * asked for (or fail, the session being closed); so the call runs uncached instead.
 *
 * <p>Kryo's field serializers add one trace entry per field on the way out ({@code author
 * (com.acme.Book)}, innermost first); they are kept to name the path, {@code Book.author}.
 */
final class UninitialisedAssociation extends KryoException {

    private static final long serialVersionUID = 1L;

    /** What was found: {@code "proxy of com.acme.Author"} or {@code "PersistentBag"}. */
    final String what;
    private final List<String> trace = new ArrayList<>();

    UninitialisedAssociation(String what) {
        super("uninitialised lazy association: " + what);
        this.what = what;
    }

    @Override
    public void addTrace(String info) {
        trace.add(info);
        super.addTrace(info);
    }

    /**
     * {@code Book.author}, or for a deeper one {@code Author.books → Book.reviews}; empty when the
     * result itself is the uninitialised proxy.
     */
    String path() {
        List<String> hops = new ArrayList<>();
        for (int i = trace.size() - 1; i >= 0; i--) {
            String entry = trace.get(i);
            int open = entry.indexOf(" (");
            if (open < 0 || !entry.endsWith(")")) {
                continue;
            }
            String field = entry.substring(0, open);
            String owner = entry.substring(open + 2, entry.length() - 1);
            hops.add(owner.substring(Math.max(owner.lastIndexOf('.'), owner.lastIndexOf('$')) + 1) + "." + field);
        }
        return String.join(" → ", hops);
    }

    /** The last field of the path ({@code author}), for the remedy's example; {@code null} at the root. */
    String lastField() {
        if (trace.isEmpty()) {
            return null;
        }
        String entry = trace.get(0);
        int open = entry.indexOf(" (");
        return open < 0 ? null : entry.substring(0, open);
    }
}
