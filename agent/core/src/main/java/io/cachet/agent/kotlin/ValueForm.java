package io.cachet.agent.kotlin;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * The two forms of a {@code suspend} function's value when its type is a Kotlin inline (value)
 * class, {@code kotlin.Result} included: the compiler has the function return the unboxed
 * value when it completes without suspending, and resume its caller with the boxed one (its
 * state machine calls {@code box-impl}); the caller's code expects exactly that. So the boxed
 * form is what is stored, and a hit, which the function returns without suspending, is handed
 * out unboxed. For any other type both forms are the value itself.
 */
public final class ValueForm {

    private static final ValueForm PLAIN = new ValueForm(null, null, null);

    private final Class<?> type;
    private final Method box;
    private final Method unbox;

    private ValueForm(Class<?> type, Method box, Method unbox) {
        this.type = type;
        this.box = box;
        this.unbox = unbox;
    }

    /** The forms of values of {@code type}: an inline class has a static {@code box-impl} and an {@code unbox-impl}. */
    public static ValueForm of(Class<?> type) {
        Method box = null;
        Method unbox = null;
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals("box-impl") && Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 1) {
                box = m;
            } else if (m.getName().equals("unbox-impl") && !Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0) {
                unbox = m;
            }
        }
        return box == null || unbox == null ? PLAIN : new ValueForm(type, box, unbox);
    }

    /** The form that is stored (and that a continuation is resumed with): boxed. */
    public Object stored(Object value) {
        return type == null || value == null || type.isInstance(value) ? value : invoke(box, null, value);
    }

    /** The form the function returns when it completes without suspending: unboxed. */
    public Object returned(Object value) {
        return type != null && type.isInstance(value) ? invoke(unbox, value) : value;
    }

    private static Object invoke(Method m, Object target, Object... args) {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
