/**
 * JMH microbenchmarks run by {@code bench/run}: the Deferred against CompletableFuture, the
 * reactor's timer queue, and LineReceiver's parsing. Run alone with
 * {@code java -cp torsion-bench/target/classes:torsion-bench/target/lib/* org.openjdk.jmh.Main}.
 */
package dev.torsion.bench.jmh;
