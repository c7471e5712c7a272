package io.cachet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built agent jar holds what the class-loader picture needs and nothing else: at its root
 * only the launcher ({@code io/cachet/*.class}), the bridge ({@code io/cachet/bootstrap/}) and
 * {@code META-INF/MANIFEST.MF}; everything else under {@code inst/}, where no standard loader
 * and no class-path scanner finds a class. A library class at the root would be seen by the
 * application's loaders; a core class there would be loaded twice.
 */
class AgentJarLayoutIT {

    private static JarFile jar;

    @BeforeAll
    static void open() throws IOException {
        jar = new JarFile(Path.of(System.getProperty("cachet.agent.jar")).toFile());
    }

    @AfterAll
    static void close() throws IOException {
        jar.close();
    }

    @Test
    void theRootHoldsOnlyTheLauncherTheBridgeAndTheManifest() {
        List<String> outside = files().stream()
                .filter(name -> !name.startsWith("inst/"))
                .filter(name -> !name.equals("META-INF/MANIFEST.MF"))
                .filter(name -> !isLauncherClass(name) && !isBridgeClass(name))
                .collect(Collectors.toList());

        assertThat(outside).isEmpty();
        assertThat(files()).anyMatch(AgentJarLayoutIT::isBridgeClass);
    }

    @Test
    void theManifestNamesTheLauncherAtTheRoot() throws IOException {
        Attributes manifest = jar.getManifest().getMainAttributes();
        for (String attribute : List.of("Premain-Class", "Agent-Class", "Main-Class")) {
            String entry = manifest.getValue(attribute).replace('.', '/') + ".class";
            assertThat(isLauncherClass(entry)).as(attribute).isTrue();
            assertThat(jar.getJarEntry(entry)).as(entry).isNotNull();
        }
        assertThat(manifest.getValue("Can-Retransform-Classes")).isEqualTo("true");
    }

    @Test
    void insideInstEveryClassIsClassDataOfTheCoreOrRelocated() {
        List<String> stray = files().stream()
                .filter(name -> name.startsWith("inst/") && !name.startsWith("inst/META-INF/"))
                .filter(name -> name.endsWith(".class") || name.endsWith(".classdata"))
                .filter(name -> name.endsWith(".class")
                        || !(name.startsWith("inst/io/cachet/agent/") || name.startsWith("inst/io/cachet/shaded/")))
                .collect(Collectors.toList());

        assertThat(stray).isEmpty();
        assertThat(jar.getJarEntry("inst/io/cachet/agent/AgentInstaller.classdata")).isNotNull();
        // Ours: Netty's own DefaultThreadFactory is left out of the core's jar (agent/core/pom.xml).
        assertThat(jar.getJarEntry("inst/io/cachet/shaded/io/netty/util/concurrent/DefaultThreadFactory.classdata")).isNotNull();
    }

    private static boolean isLauncherClass(String name) {
        return name.startsWith("io/cachet/") && name.endsWith(".class") && name.indexOf('/', "io/cachet/".length()) < 0;
    }

    private static boolean isBridgeClass(String name) {
        return name.startsWith("io/cachet/bootstrap/") && name.endsWith(".class")
                && name.indexOf('/', "io/cachet/bootstrap/".length()) < 0;
    }

    private static List<String> files() {
        return Collections.list(jar.entries()).stream()
                .filter(entry -> !entry.isDirectory())
                .map(JarEntry::getName)
                .collect(Collectors.toList());
    }
}
