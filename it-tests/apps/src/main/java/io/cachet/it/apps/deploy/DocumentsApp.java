package io.cachet.it.apps.deploy;

import io.cachet.it.apps.Counters;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A JVM of the deployment tests, speaking the line protocol of
 * {@link io.cachet.it.support.AgentJvm}: {@code read <id>}, {@code nearRead <id>}, {@code edit <id>},
 * {@code count <name>}, {@code exit}.
 */
public final class DocumentsApp {

    private DocumentsApp() {
    }

    public static void main(String[] args) throws Exception {
        Documents docs = new Documents();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("exit")) {
            String[] p = line.split(" ", 2);
            try {
                switch (p[0]) {
                    case "read": System.out.println("OK " + docs.read(p[1])); break;
                    case "nearRead": System.out.println("OK " + docs.nearRead(p[1])); break;
                    case "edit": docs.edit(p[1]); System.out.println("OK edited"); break;
                    case "count": System.out.println("OK " + Counters.get(p[1])); break;
                    default: System.out.println("EX unknown command " + p[0]);
                }
            } catch (RuntimeException e) {
                System.out.println("EX " + e);
            }
        }
    }
}
