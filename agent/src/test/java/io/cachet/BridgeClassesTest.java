package io.cachet;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.bootstrap.CacheHandlerHolder;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The injector defines the bridge classes it names; this keeps the names equal to the package.
 * Here, where the launcher and the bridge modules meet: the launcher itself may not see the bridge.
 */
class BridgeClassesTest {

    private static final String BRIDGE = "io/cachet/bootstrap/";

    @Test
    void theInjectorNamesEveryClassOfTheBridgePackage() throws IOException, URISyntaxException {
        assertThat(BootstrapInjector.BRIDGE_CLASSES).containsExactlyInAnyOrderElementsOf(compiledBridgeClasses());
    }

    /** The bridge module's classes, from its jar or, in a build that has not packaged it, its class folder. */
    private static List<String> compiledBridgeClasses() throws IOException, URISyntaxException {
        Path location = Path.of(CacheHandlerHolder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> files;
        if (Files.isDirectory(location)) {
            try (Stream<Path> list = Files.list(location.resolve(BRIDGE))) {
                files = list.map(f -> BRIDGE + f.getFileName()).collect(Collectors.toList());
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                files = Collections.list(jar.entries()).stream().map(JarEntry::getName).collect(Collectors.toList());
            }
        }
        return files.stream()
                .filter(name -> name.startsWith(BRIDGE) && name.endsWith(".class") && name.indexOf('/', BRIDGE.length()) < 0)
                .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                .sorted().collect(Collectors.toList());
    }
}
