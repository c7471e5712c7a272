package io.cachet.agent.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class EntryKeysTest {

    @Test
    void withoutPrefix() {
        assertThat(new EntryKeys("").cachePrefix("users")).isEqualTo("cachet:users:");
    }

    @Test
    void withPrefix() {
        assertThat(new EntryKeys("prod").cachePrefix("users")).isEqualTo("prod:cachet:users:");
    }

    @Test
    void prefixesKeepEnvironmentsApart() {
        assertThat(new EntryKeys("prod").cachePrefix("users")).isNotEqualTo(new EntryKeys("test").cachePrefix("users"));
    }

    @Test
    void cacheNamesUpToTheLimitAreKept() {
        String name = "n".repeat(EntryKeys.MAX_CACHE_NAME);
        assertThat(new EntryKeys("").cachePrefix(name)).isEqualTo("cachet:" + name + ":");
    }

    @Test
    void longCacheNameIsBoundedKeepingItsStart() {
        String name = "com.acme.UserRepository.findAllUsersByOrganisationAndRoleAndStatus(".repeat(3);
        String bounded = EntryKeys.boundedName(name);
        assertThat(bounded).hasSize(EntryKeys.MAX_CACHE_NAME);
        assertThat(bounded).startsWith(name.substring(0, EntryKeys.MAX_CACHE_NAME - 17) + "~");
        assertThat(bounded.substring(EntryKeys.MAX_CACHE_NAME - 16)).matches("[0-9a-f]{16}");
        assertThat(new EntryKeys("p").cachePrefix(name)).isEqualTo("p:cachet:" + bounded + ":");
    }

    @Test
    void longCacheNamesWithTheSameStartStayDistinct() {
        String common = "x".repeat(150);
        String a = EntryKeys.boundedName(common + "a");
        String b = EntryKeys.boundedName(common + "b");
        String justOver = EntryKeys.boundedName("x".repeat(EntryKeys.MAX_CACHE_NAME + 1));
        assertThat(a).isNotEqualTo(b).isNotEqualTo(justOver);
        assertThat(a.substring(0, EntryKeys.MAX_CACHE_NAME - 16)).isEqualTo(b.substring(0, EntryKeys.MAX_CACHE_NAME - 16));
    }

    @Test
    void boundedNameIsTheStartAndSha256OfTheWholeName() throws Exception {
        String name = "y".repeat(500);
        byte[] h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            hex.append(String.format("%02x", h[i]));
        }
        assertThat(EntryKeys.boundedName(name)).isEqualTo("y".repeat(83) + "~" + hex);
        assertThat(EntryKeys.boundedName(name)).isEqualTo(EntryKeys.boundedName(new String(name.toCharArray())));
    }

    @Test
    void versionCountersLiveInTheirOwnNamespace() {
        EntryKeys keys = new EntryKeys("prod");
        assertThat(keys.cacheVersion("Users.find")).isEqualTo("prod:cachet-v:cache:Users.find");
        assertThat(keys.keyVersion("Users.find", "42")).isEqualTo("prod:cachet-v:key:Users.find:42");
        assertThat(keys.tagVersion("user:42")).isEqualTo("prod:cachet-v:tag:user:42");
        assertThat(new EntryKeys("").tagVersion("t")).isEqualTo("cachet-v:tag:t");
        assertThat(keys.cachePrefix("version")).as("a cache named like the namespace stays apart").doesNotStartWith("prod:cachet-v:");
    }
}
