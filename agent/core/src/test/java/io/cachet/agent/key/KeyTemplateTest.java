package io.cachet.agent.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyTemplateTest {

    /** Parameters named id, sku, user (indexes 0, 1, 2). */
    private static final List<String> NAMES = List.of("id", "sku", "user");
    private static final ToIntFunction<String> BY_NAME = NAMES::indexOf;

    record User(long id, String name) {
    }

    public static final class Account {
        private final String number;
        private final boolean active;

        Account(String number, boolean active) {
            this.number = number;
            this.active = active;
        }

        public String getNumber() {
            return number;
        }

        public boolean isActive() {
            return active;
        }
    }

    static final class FieldOnly {
        private final int code;

        FieldOnly(int code) {
            this.code = code;
        }
    }

    private static KeyTemplate parse(String text) {
        return KeyTemplate.parse(text, NAMES.size(), BY_NAME);
    }

    private static String render(String template, Object... args) {
        KeyWriter w = new KeyWriter();
        KeyTemplate.parse(template, args.length, i -> -1).render(args, w);
        return w.keyPart();
    }

    // --- parsing ---

    @Test
    void parsesIndexPlaceholders() {
        KeyTemplate t = parse("user:{0}-{2}");
        assertThat(t.placeholders()).extracting(KeyTemplate.Placeholder::argument).containsExactly(0, 2);
        assertThat(t.placeholders()).allSatisfy(p -> assertThat(p.path()).isEmpty());
        assertThat(t.toString()).isEqualTo("user:{0}-{2}");
    }

    @Test
    void parsesPropertyPaths() {
        KeyTemplate t = parse("{0.address.city}");
        assertThat(t.placeholders()).hasSize(1);
        assertThat(t.placeholders().get(0).argument()).isEqualTo(0);
        assertThat(t.placeholders().get(0).path()).containsExactly("address", "city");
    }

    @Test
    void parsesParameterNames() {
        KeyTemplate t = parse("{sku}/{user.id}");
        assertThat(t.placeholders()).extracting(KeyTemplate.Placeholder::argument).containsExactly(1, 2);
        assertThat(t.placeholders().get(1).path()).containsExactly("id");
    }

    @Test
    void literalOnlyTemplateHasNoPlaceholders() {
        assertThat(parse("all-users").placeholders()).isEmpty();
    }

    @Test
    void rejectsIndexOutOfRange() {
        assertThatThrownBy(() -> KeyTemplate.parse("{1}", 1, BY_NAME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'{1}': argument 1 is out of range (the method has 1 parameter)");
        assertThatThrownBy(() -> KeyTemplate.parse("{3.id}", 3, BY_NAME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'{3.id}': argument 3 is out of range (the method has 3 parameters)");
    }

    @Test
    void rejectsUnknownParameterName() {
        assertThatThrownBy(() -> parse("{name}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'{name}': no parameter named 'name' (names need javac -parameters; or use its index)");
    }

    @Test
    void rejectsUnclosedBrace() {
        assertThatThrownBy(() -> parse("user:{0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'{' at position 5 is never closed");
    }

    @Test
    void rejectsStrayClosingBrace() {
        assertThatThrownBy(() -> parse("user:0}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'}' without '{' at position 6");
        assertThatThrownBy(() -> parse("{0}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'}' without '{' at position 3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{0.}", "{.id}", "{0..id}", "{-1}", "{ 0}", "{{0}}", "{1000}"})
    void rejectsMalformedPlaceholders(String text) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not {index}, {index.property} or {parameterName}");
    }

    @Test
    void rejectsIndexAsPropertyName() {
        assertThatThrownBy(() -> parse("{0.1}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'{0.1}': '1' is not a property name");
    }

    // --- rendering ---

    @Test
    void rendersLiteralsAndArguments() {
        assertThat(render("user:{0}", 42L)).isEqualTo("user:42");
        assertThat(render("{1}-{0}", "a", "b")).isEqualTo("b-a");
        assertThat(render("static")).isEqualTo("static");
    }

    @Test
    void rendersParameterNamesLikeIndexes() {
        KeyWriter byName = new KeyWriter();
        parse("{sku}").render(new Object[] {1L, "ABC-7", null}, byName);
        KeyWriter byIndex = new KeyWriter();
        parse("{1}").render(new Object[] {1L, "ABC-7", null}, byIndex);
        assertThat(byName.keyPart()).isEqualTo("ABC-7").isEqualTo(byIndex.keyPart());
    }

    @Test
    void recordPropertyRendersLikeTheIdItself() {
        String byProperty = render("user:{0.id}", new User(42L, "Ann"));
        String byArgument = render("user:{0}", 42L);
        assertThat(byProperty).isEqualTo("user:42").isEqualTo(byArgument);
    }

    @Test
    void getterPropertiesAreRead() {
        assertThat(render("{0.number}/{0.active}", new Account("ABC-7", true))).isEqualTo("ABC-7/true");
        assertThat(render("acct:{0.number}", new Account("ABC-7", true))).isEqualTo(render("acct:{0}", "ABC-7"));
    }

    @Test
    void fieldPropertiesAreRead() {
        assertThat(render("{0.code}", new FieldOnly(7))).isEqualTo("7");
    }

    @Test
    void nestedPropertyPaths() {
        record Order(User owner) {
        }
        assertThat(render("{0.owner.name}", new Order(new User(1, "Ann")))).isEqualTo("Ann");
    }

    @Test
    void nullOnThePathRendersAsNull() {
        assertThat(render("u:{0.id}", (Object) null)).isEqualTo("u:~");
        record Holder(User user) {
        }
        assertThat(render("{0.user.id}", new Holder(null))).isEqualTo("~");
    }

    @Test
    void missingPropertyFailsAtRenderTime() {
        assertThatThrownBy(() -> render("{0.nope}", new User(1, "x")))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining("no property 'nope'");
    }

    @Test
    void ofArgumentsJoinsWithCommas() {
        KeyTemplate t = KeyTemplate.ofArguments(List.of(0, 2));
        assertThat(t.toString()).isEqualTo("{0},{2}");
        KeyWriter w = new KeyWriter();
        t.render(new Object[] {"a", "skipped", 3}, w);
        assertThat(w.keyPart()).isEqualTo("a,3");
    }

    @Test
    void ofArgumentsKeepsOneCommaArgumentApartFromTwoArguments() {
        KeyWriter one = new KeyWriter();
        KeyTemplate.ofArguments(List.of(0)).render(new Object[] {"a,b"}, one);
        KeyWriter two = new KeyWriter();
        KeyTemplate.ofArguments(List.of(0, 1)).render(new Object[] {"a", "b"}, two);
        assertThat(one.keyPart()).isEqualTo("a%2cb");
        assertThat(two.keyPart()).isEqualTo("a,b");
    }

    @Test
    void ofNoArgumentsIsEmpty() {
        KeyWriter w = new KeyWriter();
        KeyTemplate.ofArguments(List.of()).render(new Object[0], w);
        assertThat(w.keyPart()).isEmpty();
    }

    @Test
    void aTagIsRenderedFromTheKeyAloneWhenTheKeyIsOneArgumentAsIs() {
        KeyTemplate key = KeyTemplate.ofArguments(java.util.List.of(0));
        KeyTemplate tag = KeyTemplate.parse("user:{0}", 2, n -> -1);
        KeyWriter fromKey = new KeyWriter();
        assertThat(tag.renderForKey(key, "42", fromKey)).isTrue();
        KeyWriter fromArgs = new KeyWriter();
        tag.render(new Object[] {42L, "x"}, fromArgs);
        assertThat(fromKey.keyPart()).isEqualTo("user:42").isEqualTo(fromArgs.keyPart());
    }

    @Test
    void aTagIsNotRenderedFromTheKeyWhenItNeedsMoreThanTheKeyHolds() {
        KeyTemplate key = KeyTemplate.ofArguments(java.util.List.of(0));
        assertThat(KeyTemplate.parse("user:{1}", 2, n -> -1).renderForKey(key, "42", new KeyWriter())).as("another argument").isFalse();
        assertThat(KeyTemplate.parse("user:{0.id}", 2, n -> -1).renderForKey(key, "42", new KeyWriter())).as("a property").isFalse();
        assertThat(KeyTemplate.parse("user:{0}", 2, n -> -1).renderForKey(key, "#0123", new KeyWriter())).as("a hashed key").isFalse();
        KeyTemplate twoArgs = KeyTemplate.ofArguments(java.util.List.of(0, 1));
        assertThat(KeyTemplate.parse("user:{0}", 2, n -> -1).renderForKey(twoArgs, "1,2", new KeyWriter())).as("a composite key").isFalse();
    }
}
