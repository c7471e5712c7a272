package io.cachet.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which JDK classes may be instrumented: JDK proxy classes, and nothing else under the JDK's packages. */
class GeneratedTypesTest {

    @Test
    void jdkProxyClassesPassTheIgnoreListAndNothingElseOfTheJdkDoes() {
        assertThat(IgnoredTypes.isIgnored("jdk/proxy3/$Proxy171")).isFalse();
        assertThat(IgnoredTypes.isIgnored("com/sun/proxy/$Proxy12")).isFalse();
        assertThat(IgnoredTypes.isIgnored("jdk/proxy/$Proxy1")).isTrue();
        assertThat(IgnoredTypes.isIgnored("jdk/proxy3/Other")).isTrue();
        assertThat(IgnoredTypes.isIgnored("jdk/internal/misc/Unsafe")).isTrue();
        assertThat(IgnoredTypes.isIgnored("com/sun/proxy/sub/$Proxy1")).isTrue();
        assertThat(IgnoredTypes.isIgnored("java/lang/reflect/Proxy")).isTrue();
        assertThat(IgnoredTypes.isIgnored("com/acme/Repo")).isFalse();
    }

    @Test
    void generatedSubclassesAreKnownByTheirGeneratorsMarkers() {
        assertThat(GeneratedTypes.isGeneratedSubclass("com.acme.BookService$$SpringCGLIB$$0")).isTrue();
        assertThat(GeneratedTypes.isGeneratedSubclass("com.acme.Book$HibernateProxy$Xy1z")).isTrue();
        assertThat(GeneratedTypes.isGeneratedSubclass("com.acme.Book")).isFalse();
    }
}
