package io.cachet.agent.codec;

import io.cachet.agent.key.Versions;
import io.cachet.agent.log.AgentLog;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads and initialises the codec's classes (Kryo and its serializers, Objenesis, LZ4) on an agent
 * thread, so that a JVM's first cached call does not pay for them: on a cold JVM that is a few
 * hundred classes, which the caller would otherwise load while its application waits.
 */
public final class CodecWarmUp {

    private CodecWarmUp() {
    }

    public static void run() {
        try {
            MethodCodec codec = MethodCodec.create(CodecWarmUp.class.getClassLoader(), Object.class, Object.class, List.of(), 64);
            Map<String, Object> sample = new HashMap<>();
            sample.put("values", new ArrayList<>(List.of(1L, "two", new BigDecimal("3.0"), Map.of("k", 4))));
            sample.put("text", "x".repeat(256));
            codec.decode(codec.encode(sample, "warm-up", System.currentTimeMillis(), 0, Versions.of(0, 0)), Versions.of(0, 0));
        } catch (RuntimeException | LinkageError e) {
            AgentLog.debug("codec warm-up failed (the first call will load what it needs): " + e);
        }
    }
}
