package io.cachet.agent.near;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyPlanTest {

    static final class Variant {
        final String sku;
        int stock;

        Variant(String sku, int stock) {
            this.sku = sku;
            this.stock = stock;
        }
    }

    static final class Money {
        final BigDecimal amount;
        final String currency;

        Money(BigDecimal amount, String currency) {
            this.amount = amount;
            this.currency = currency;
        }
    }

    static class Product {
        String name;
        long id;
        double weight;
        boolean active;
        Money price;
        List<Variant> variants = new ArrayList<>();
        List<String> fixedTags = List.of("a", "b");
        Object extra;
    }

    private static Product product() {
        Product p = new Product();
        p.name = "chair";
        p.id = 7;
        p.weight = 4.5;
        p.active = true;
        p.price = new Money(new BigDecimal("19.90"), "EUR");
        p.variants.add(new Variant("red", 3));
        p.variants.add(new Variant("blue", 0));
        return p;
    }

    @Test
    void aCopyIsEqualFieldByFieldAndSharesOnlyWhatNothingCanChange() {
        Product master = product();
        CopyPlan plan = CopyPlan.of(master);
        assertThat(plan).isNotNull().isNotSameAs(CopyPlan.SHARE);
        Product copy = (Product) plan.copy(master);
        assertThat(copy).isNotSameAs(master).usingRecursiveComparison().isEqualTo(master);
        assertThat(copy.variants).isNotSameAs(master.variants).isInstanceOf(ArrayList.class);
        assertThat(copy.variants.get(0)).isNotSameAs(master.variants.get(0));
        assertThat(copy.price).as("all final, all values").isSameAs(master.price);
        assertThat(copy.fixedTags).as("List.of of strings").isSameAs(master.fixedTags);
    }

    @Test
    void noChangeToACopyReachesTheMasterOrTheNextCopy() {
        Product master = product();
        CopyPlan plan = CopyPlan.of(master);
        Product first = (Product) plan.copy(master);
        first.name = "table";
        first.variants.get(0).stock = 99;
        first.variants.add(new Variant("green", 1));
        Product second = (Product) plan.copy(master);
        assertThat(master.name).isEqualTo("chair");
        assertThat(master.variants).hasSize(2);
        assertThat(master.variants.get(0).stock).isEqualTo(3);
        assertThat(second).usingRecursiveComparison().isEqualTo(product());
    }

    @Test
    void whatItCannotCopyFaithfullyIsLeftToTheDecode() {
        Product shared = product();
        shared.extra = shared.variants.get(0); // one mutable node reached twice
        assertThat(CopyPlan.of(shared)).as("shared node").isNull();
        Product cyclic = product();
        cyclic.extra = cyclic;
        assertThat(CopyPlan.of(cyclic)).as("cycle").isNull();
        Product jdkMap = product();
        jdkMap.extra = new HashMap<>();
        assertThat(CopyPlan.of(jdkMap)).as("another JDK collection").isNull();
        Product array = product();
        array.extra = new int[] {1};
        assertThat(CopyPlan.of(array)).as("an array").isNull();
    }

    @Test
    void aValueNothingCanChangeIsShared() {
        assertThat(CopyPlan.of(new Money(BigDecimal.ONE, "EUR"))).isSameAs(CopyPlan.SHARE);
        assertThat(CopyPlan.of(List.of("x"))).isSameAs(CopyPlan.SHARE);
    }
}
