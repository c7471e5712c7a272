package io.cachet.agent.near;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which decoded values a near cache may hand to every caller as they are: those no caller can
 * mutate. Everything else is kept as bytes and decoded per hit (copy on read), because the
 * application may change what a cached method returned to it, and the next caller must not see
 * that. Decided per value, once, when it enters the near cache.
 *
 * <p>Deeply immutable here: JDK value types (exact classes, since {@code BigInteger} and
 * {@code BigDecimal} can be subclassed mutably), enums, objects whose fields are all final and
 * hold such values (records, value classes), and the JDK's unmodifiable
 * {@code List.of}/{@code Set.of}/{@code Map.of} collections of such.
 */
final class ImmutableValues {

    private static final int MAX_DEPTH = 8;
    private static final int MAX_ELEMENTS = 1_000;
    private static final Set<Class<?>> VALUE_TYPES = Set.of(String.class, Boolean.class, Character.class, Byte.class,
            Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class, BigDecimal.class,
            UUID.class, Instant.class, Duration.class, Period.class, LocalDate.class, LocalTime.class, LocalDateTime.class,
            OffsetTime.class, OffsetDateTime.class, ZonedDateTime.class, ZoneOffset.class, Year.class, YearMonth.class,
            MonthDay.class);
    private static final String JDK_IMMUTABLE_COLLECTIONS = "java.util.ImmutableCollections$";

    /**
     * The instance fields of a class (its superclasses' included) when every one is final and
     * readable, as in records and hand-written value classes; {@code null} otherwise. An
     * object's own class is what is checked, so a subclass that adds state is judged on it.
     */
    private static final ClassValue<Field[]> FINAL_FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            if (type.isArray()) {
                return null;
            }
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != Object.class && c != null; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) {
                        continue;
                    }
                    if (!Modifier.isFinal(f.getModifiers())) {
                        return null;
                    }
                    try {
                        f.setAccessible(true);
                    } catch (RuntimeException inaccessible) {
                        return null; // e.g. a JDK superclass in a closed module
                    }
                    fields.add(f);
                }
            }
            return fields.toArray(new Field[0]);
        }
    };

    private ImmutableValues() {
    }

    static boolean canShare(Object value) {
        return canShare(value, 0);
    }

    private static boolean canShare(Object v, int depth) {
        if (v == null) {
            return true;
        }
        if (depth > MAX_DEPTH) {
            return false;
        }
        Class<?> c = v.getClass();
        if (VALUE_TYPES.contains(c) || v instanceof Enum) {
            return true;
        }
        if (c.getName().startsWith(JDK_IMMUTABLE_COLLECTIONS)) {
            return elementsCanBeShared(v, depth);
        }
        Field[] components = FINAL_FIELDS.get(c);
        if (components == null) {
            return false;
        }
        try {
            for (Field f : components) {
                if (!f.getType().isPrimitive() && !canShare(f.get(v), depth + 1)) {
                    return false;
                }
            }
            return true;
        } catch (IllegalAccessException e) {
            return false;
        }
    }

    private static boolean elementsCanBeShared(Object collection, int depth) {
        if (collection instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) collection;
            return map.size() <= MAX_ELEMENTS && allCanBeShared(map.keySet(), depth) && allCanBeShared(map.values(), depth);
        }
        Collection<?> elements = (Collection<?>) collection;
        return elements.size() <= MAX_ELEMENTS && allCanBeShared(elements, depth);
    }

    private static boolean allCanBeShared(Collection<?> elements, int depth) {
        for (Object e : elements) {
            if (!canShare(e, depth + 1)) {
                return false;
            }
        }
        return true;
    }
}
