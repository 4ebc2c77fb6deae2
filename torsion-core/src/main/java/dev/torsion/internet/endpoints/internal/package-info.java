/**
 * Internals of the endpoints: the description tokenizer, the built-in tcp/tcp6/unix string
 * parsers (registered in {@code META-INF/services}), the factory that turns a connection into a
 * Deferred, and the Happy Eyeballs race. Not API: use {@link dev.torsion.internet.endpoints}.
 */
package dev.torsion.internet.endpoints.internal;
