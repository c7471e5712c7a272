package io.cachet.agent.instrument;

import io.cachet.agent.log.AgentLog;
import io.cachet.bootstrap.CacheHandlerHolder;
import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.utility.JavaModule;

/**
 * Lets a named module read the bridge before advice that calls it is inlined into one of its
 * classes. A named module reads only what its descriptor says (and JDK proxy modules,
 * {@code jdk.proxy<n>}, only the modules of their interfaces), never the bootstrap loader's
 * unnamed module that holds {@link CacheHandlerHolder}; without the edge the inlined call throws
 * {@code IllegalAccessError}, which the advice suppresses, and the method silently runs uncached.
 */
final class ModuleReads {

    private final Instrumentation inst;
    private final Module bridge = CacheHandlerHolder.class.getModule();

    ModuleReads(Instrumentation inst) {
        this.inst = inst;
    }

    /** @return whether classes of {@code module} can call the bridge (now) */
    boolean ensure(JavaModule module) {
        if (module == null || !module.isNamed()) {
            return true;
        }
        Module m = (Module) module.unwrap();
        if (m.canRead(bridge)) {
            return true;
        }
        if (inst == null || !inst.isModifiableModule(m)) {
            return false;
        }
        try {
            inst.redefineModule(m, Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
            return m.canRead(bridge);
        } catch (RuntimeException e) {
            AgentLog.warnOnce("reads:" + m.getName(), "cannot let module " + m.getName() + " read Cachet's bridge: " + e);
            return false;
        }
    }
}
