/**
 * Annotations that tell the Cachet agent what to cache and what to invalidate.
 *
 * <p>The agent matches these annotations <em>by name</em> in the class file and never loads
 * them, so any version of this jar works with any version of the agent, and an application
 * can compile against it without having the agent present. Without the agent the annotations
 * do nothing at all.
 *
 * <h2>Templates</h2>
 * Keys and tags are written as templates over the method's arguments:
 * <ul>
 *   <li>{@code {0}} - the first argument;</li>
 *   <li>{@code {0.id}} - a property of it, read through a getter ({@code getId()} or
 *       {@code isId()}), a record component accessor ({@code id()}) or a field, in that order;
 *       properties chain ({@code {0.owner.id}});</li>
 *   <li>{@code {name}} - a parameter by name (requires compiling with {@code -parameters}).</li>
 * </ul>
 * Text outside braces is copied as is. A template that cannot be resolved against the method's
 * signature is reported once when the class is instrumented and the method then runs uncached;
 * a template never fails a call.
 *
 * <h2>Durations</h2>
 * Durations are written {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}, or as
 * ISO-8601 ({@code PT10M}). The empty string means "the configured default".
 */
package io.cachet.annotations;
