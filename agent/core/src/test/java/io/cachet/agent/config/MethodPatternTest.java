package io.cachet.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MethodPatternTest {

    @Test
    void exactPatternMatchesOnlyThatClassAndMethod() {
        MethodPattern p = MethodPattern.parse("com.acme.UserRepo#findById");
        assertThat(p.matchesType("com.acme.UserRepo")).isTrue();
        assertThat(p.matchesType("com.acme.UserRepoImpl")).isFalse();
        assertThat(p.matchesType("com.acme.sub.UserRepo")).isFalse();
        assertThat(p.matchesType("xcom.acme.UserRepo")).isFalse();
        assertThat(p.matchesMethod("findById", List.of("long"))).isTrue();
        assertThat(p.matchesMethod("findByIdAndName", List.of("long"))).isFalse();
        assertThat(p.matchesMethod("findBy", List.of())).isFalse();
    }

    @Test
    void dotsInTheTypeAreLiteral() {
        MethodPattern p = MethodPattern.parse("com.acme.Repo#find");
        assertThat(p.matchesType("comXacme.Repo")).isFalse();
    }

    @Test
    void withoutParameterListAnyOverloadMatches() {
        MethodPattern p = MethodPattern.parse("com.acme.Repo#find");
        assertThat(p.matchesMethod("find", List.of())).isTrue();
        assertThat(p.matchesMethod("find", List.of("long"))).isTrue();
        assertThat(p.matchesMethod("find", List.of("long", "java.lang.String"))).isTrue();
    }

    @Test
    void wildcardInClassName() {
        MethodPattern p = MethodPattern.parse("com.acme.*Repo#find");
        assertThat(p.matchesType("com.acme.UserRepo")).isTrue();
        assertThat(p.matchesType("com.acme.Repo")).isTrue();
        assertThat(p.matchesType("com.acme.sub.UserRepo")).isFalse();
        assertThat(p.matchesType("com.acme.UserRepository")).isFalse();
    }

    @Test
    void wildcardPackageLevelStandsForExactlyOneLevel() {
        MethodPattern p = MethodPattern.parse("com.acme.*.Repo#find");
        assertThat(p.matchesType("com.acme.users.Repo")).isTrue();
        assertThat(p.matchesType("com.acme.Repo")).isFalse();
        assertThat(p.matchesType("com.acme.a.b.Repo")).isFalse();
    }

    @Test
    void wildcardClassMatchesEveryClassOfOnePackage() {
        MethodPattern p = MethodPattern.parse("com.acme.*#get*");
        assertThat(p.matchesType("com.acme.Anything")).isTrue();
        assertThat(p.matchesType("com.acme.Outer$Inner")).isTrue();
        assertThat(p.matchesType("com.acme.deeper.Anything")).isFalse();
    }

    @Test
    void wildcardInMethodName() {
        MethodPattern p = MethodPattern.parse("com.acme.Repo#find*");
        assertThat(p.matchesMethod("find", List.of())).isTrue();
        assertThat(p.matchesMethod("findById", List.of("long"))).isTrue();
        assertThat(p.matchesMethod("refind", List.of())).isFalse();
        MethodPattern middle = MethodPattern.parse("com.acme.Repo#find*ById");
        assertThat(middle.matchesMethod("findUserById", List.of())).isTrue();
        assertThat(middle.matchesMethod("findUserByName", List.of())).isFalse();
        MethodPattern any = MethodPattern.parse("com.acme.Repo#*");
        assertThat(any.matchesMethod("whatever", List.of("int"))).isTrue();
    }

    @Test
    void nestedClassesUseDollar() {
        MethodPattern p = MethodPattern.parse("com.acme.Outer$Inner#m");
        assertThat(p.matchesType("com.acme.Outer$Inner")).isTrue();
        assertThat(p.matchesType("com.acme.Outer")).isFalse();
    }

    @Test
    void parameterTypesByFullName() {
        MethodPattern p = MethodPattern.parse("com.acme.Repo#find(long,java.lang.String)");
        assertThat(p.matchesMethod("find", List.of("long", "java.lang.String"))).isTrue();
        assertThat(p.matchesMethod("find", List.of("long", "com.other.String"))).isFalse();
        assertThat(p.matchesMethod("find", List.of("int", "java.lang.String"))).isFalse();
        assertThat(p.matchesMethod("find", List.of("long"))).isFalse();
        assertThat(p.matchesMethod("find", List.of("long", "java.lang.String", "int"))).isFalse();
    }

    @Test
    void parameterTypesBySimpleName() {
        MethodPattern p = MethodPattern.parse("com.acme.Repo#find(long, String)");
        assertThat(p.matchesMethod("find", List.of("long", "java.lang.String"))).isTrue();
        assertThat(p.matchesMethod("find", List.of("long", "com.other.String"))).isTrue();
        assertThat(p.matchesMethod("find", List.of("long", "java.lang.StringBuilder"))).isFalse();
    }

    @Test
    void nestedClassParameterBySimpleName() {
        MethodPattern p = MethodPattern.parse("com.acme.Repo#find(Query)");
        assertThat(p.matchesMethod("find", List.of("com.acme.Repo$Query"))).isTrue();
    }

    @Test
    void arrayParameters() {
        MethodPattern p = MethodPattern.parse("com.acme.Repo#find(String[],byte[],long[][])");
        assertThat(p.matchesMethod("find", List.of("java.lang.String[]", "byte[]", "long[][]"))).isTrue();
        assertThat(p.matchesMethod("find", List.of("java.lang.String", "byte[]", "long[][]"))).isFalse();
        assertThat(p.matchesMethod("find", List.of("java.lang.String[]", "byte[]", "long[]"))).isFalse();
        MethodPattern full = MethodPattern.parse("com.acme.Repo#find(java.lang.String[])");
        assertThat(full.matchesMethod("find", List.of("java.lang.String[]"))).isTrue();
    }

    @Test
    void emptyParameterListMatchesOnlyNoArgMethods() {
        MethodPattern p = MethodPattern.parse("com.acme.Repo#all()");
        assertThat(p.matchesMethod("all", List.of())).isTrue();
        assertThat(p.matchesMethod("all", List.of("int"))).isFalse();
    }

    @Test
    void surroundingWhitespaceIsIgnoredAndToStringIsTheTrimmedText() {
        MethodPattern p = MethodPattern.parse("  com.acme.Repo#find(long)  ");
        assertThat(p.toString()).isEqualTo("com.acme.Repo#find(long)");
        assertThat(p.matchesType("com.acme.Repo")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "com.acme.Repo",
        "com.acme.Repo.find",
        "#find",
        "com.acme.Repo#",
        "com.acme.Repo#find(",
        "com.acme.Repo#find(long",
        "com.acme.Repo#findlong)",
        "com.acme.Repo#find(long)(int)",
        "com.acme.Repo#find(List<String>)",
        "com.acme.Repo#find.sub",
        "com.acme.Repo#a#b",
        "com acme.Repo#find",
        "1com.acme.Repo#find",
        "com.acme.Repo#1find",
        "com.acme.Repo#find(long) x",
        "com/acme/Repo#find"})
    void rejectsBadSyntax(String text) {
        assertThatThrownBy(() -> MethodPattern.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a method pattern");
    }

    @Test
    void theTypeLiteralIsTheLongestRunWithoutWildcards() {
        assertThat(MethodPattern.parse("com.acme.UserRepo#find").typeLiteral()).isEqualTo("com/acme/UserRepo");
        assertThat(MethodPattern.parse("com.acme.*.Repository#find").typeLiteral()).isEqualTo("/Repository");
        assertThat(MethodPattern.parse("*Repository#find").typeLiteral()).isEqualTo("Repository");
        assertThat(MethodPattern.parse("*#find").typeLiteral()).isEmpty();
    }
}
