package io.cachet.agent.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Return types are told by name, without loading a class; the agent's own relocated Reactor is not the application's. */
class ReturnShapeTest {

    @Test
    void publishersFuturesAndSuspendFunctionsAreToldByName() {
        assertThat(ReturnShape.of("reactor.core.publisher.Mono", "java.lang.String")).isEqualTo(ReturnShape.MONO);
        assertThat(ReturnShape.of("reactor.core.publisher.Flux", null)).isEqualTo(ReturnShape.FLUX);
        assertThat(ReturnShape.of("java.util.concurrent.CompletableFuture", null)).isEqualTo(ReturnShape.COMPLETION_STAGE);
        assertThat(ReturnShape.of("java.lang.Object", "kotlin.coroutines.Continuation")).isEqualTo(ReturnShape.SUSPEND);
        assertThat(ReturnShape.of("java.lang.String", "java.lang.String")).isEqualTo(ReturnShape.VALUE);
    }

    @Test
    void theAgentsRelocatedReactorIsAPlainValue() {
        assertThat(ReturnShape.of("io.cachet.shaded.reactor.core.publisher.Mono", null)).isEqualTo(ReturnShape.VALUE);
    }
}
