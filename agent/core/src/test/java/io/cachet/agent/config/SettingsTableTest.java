package io.cachet.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration table says what {@link Settings} and {@link RuleFamily} define, no more, no less. */
class SettingsTableTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(cachet\\.[^`]+)` \\|([^|]*)\\|", Pattern.MULTILINE);

    @Test
    void everySettingIsInTheTableWithItsDefault() throws IOException {
        Map<String, String> table = table();
        Map<String, String> defined = new LinkedHashMap<>();
        for (Setting<?> s : Settings.ALL) {
            defined.put(s.key(), s.defaultText());
        }
        Map<String, String> settingsInTable = new LinkedHashMap<>(table);
        settingsInTable.keySet().removeIf(key -> key.contains("<id>"));
        assertThat(settingsInTable).containsExactlyInAnyOrderEntriesOf(defined);
    }

    @Test
    void everyRulePropertyIsNamedInTheTable() throws IOException {
        String text = readme();
        for (RuleFamily family : RuleFamily.values()) {
            assertThat(table()).containsKey("cachet." + family.prefix() + ".<id>.method");
            for (Attribute<?> a : family.attributes()) {
                assertThat(text).as(family.prefix() + " rules' ." + a.property())
                        .containsPattern("`(cachet\\." + Pattern.quote(family.prefix()) + "\\.<id>)?\\." + Pattern.quote(a.property()) + "[`=]");
            }
        }
    }

    /** Keys of the table's rows and their defaults, without the backticks. */
    private static Map<String, String> table() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher m = ROW.matcher(readme());
        while (m.find()) {
            rows.put(m.group(1), m.group(2).trim().replace("`", ""));
        }
        return rows;
    }

    private static String readme() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path readme = dir.resolve("README.md");
            if (Files.isRegularFile(readme) && Files.isDirectory(dir.resolve("annotations"))) {
                return Files.readString(readme, StandardCharsets.UTF_8);
            }
        }
        throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
    }
}
