package io.cachet.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test application built by a module of its own under it-tests (it-tests/spring-app,
 * it-tests/jta-app), with exactly the libraries that kind of application has: its jar and the
 * class path its build wrote to {@code target/classpath.txt}, for {@link AgentJvm.Builder#classpath}.
 */
public final class AppModule {

    private final String name;

    private AppModule(String name) {
        this.name = name;
    }

    public static AppModule named(String module) {
        return new AppModule(module);
    }

    /** The module's jar and libraries, as one class path entry list. */
    public String classpath() {
        Path target = Path.of(System.getProperty("cachet.it.modules"), name, "target");
        Path jar = target.resolve("cachet-it-" + name + ".jar");
        Path libraries = target.resolve("classpath.txt");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(libraries)) {
            throw new IllegalStateException("no " + jar + " or " + libraries + "; build it-tests/" + name
                    + " first (mvn -B verify builds it, or mvn -B install -pl it-tests/" + name + ")");
        }
        try {
            return jar + File.pathSeparator + Files.readString(libraries).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
