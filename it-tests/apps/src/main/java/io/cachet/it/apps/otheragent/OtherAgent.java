package io.cachet.it.apps.otheragent;

import io.cachet.it.apps.Counters;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Another Byte Buddy agent, as an APM tool would be: it counts every entry into
 * {@code Catalog#describe}, the method Cachet caches too. Packaged into a jar by the test.
 */
public final class OtherAgent {

    private OtherAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        new AgentBuilder.Default()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .disableClassFormatChanges()
                .type(ElementMatchers.named("io.cachet.it.apps.Catalog"))
                .transform((builder, type, loader, module, domain) ->
                        builder.visit(Advice.to(CountingAdvice.class).on(ElementMatchers.named("describe"))))
                .installOn(inst);
    }

    /** Counts entries. */
    public static final class CountingAdvice {
        private CountingAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter() {
            Counters.inc("otherAgent.describe");
        }
    }
}
