package io.cachet;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.bootstrap.CacheHandlerHolder;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The injector defines the bridge classes it names; this keeps the names equal to the package. */
class BridgeClassesTest {

    @Test
    void theInjectorNamesEveryClassOfTheBridgePackage() throws IOException, URISyntaxException {
        Path classes = Path.of(CacheHandlerHolder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path bridge = classes.resolve("io/cachet/bootstrap");
        List<String> compiled;
        try (Stream<Path> files = Files.list(bridge)) {
            compiled = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".class"))
                    .map(n -> "io.cachet.bootstrap." + n.substring(0, n.length() - ".class".length()))
                    .sorted().collect(Collectors.toList());
        }
        assertThat(BootstrapInjector.BRIDGE_CLASSES).containsExactlyInAnyOrderElementsOf(compiled);
    }
}
