package io.cachet.agent.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class MethodCodecTest {

    static final class Item {
        final long id;
        final String name;
        final BigDecimal price;
        final List<String> tags;

        Item(long id, String name, BigDecimal price, List<String> tags) {
            this.id = id;
            this.name = name;
            this.price = price;
            this.tags = List.copyOf(tags);
        }
    }

    private static MethodCodec codecFor(Class<?> type) {
        return MethodCodec.create(MethodCodecTest.class.getClassLoader(), type, type,
                MethodCodec.applicationPackages(MethodCodecTest.class, List.of()), 1024);
    }

    @Test
    void roundTripsAnObjectWithoutNoArgConstructor() {
        MethodCodec codec = codecFor(Item.class);
        byte[] bytes = codec.encode(new Item(7, "x", new BigDecimal("1.50"), List.of("a", "b")), 1L, 1000);
        Object back = codec.decode(bytes);
        assertThat(back).isInstanceOf(Item.class);
        Item item = (Item) back;
        assertThat(item.id).isEqualTo(7);
        assertThat(item.tags).containsExactly("a", "b");
    }
}
