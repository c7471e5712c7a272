package io.cachet.agent.reactive;

/**
 * Reactor support, for an application that has {@code reactor-core}: nothing here is loaded
 * until a method returning the application's {@code Mono} or {@code Flux} is first called, and
 * that type is the method's own return type, resolved by its class loader.
 */
public final class Reactor {

    private Reactor() {
    }

    /**
     * The wrapper for methods returning {@code publisherType}.
     *
     * @param publisherType the application's {@code reactor.core.publisher.Mono} or {@code Flux}
     * @param maxElements the longest {@code Flux} that is cached
     * @throws IllegalStateException when that Reactor lacks an operator the wrapper needs
     */
    public static Deferring deferring(Class<?> publisherType, int maxElements) {
        try {
            ReactorApi api = ReactorApi.of(publisherType);
            return publisherType.getName().equals(ReactorNames.FLUX)
                    ? new FluxDeferring(api, maxElements) : new MonoDeferring(api);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Reactor not found beside " + publisherType.getName(), e);
        }
    }
}
