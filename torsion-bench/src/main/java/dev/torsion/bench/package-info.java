/**
 * What {@code bench/run} measures Torsion with: small servers (Torsion and Netty side by side,
 * hello-world HTTP and TCP/TLS echo), load clients that verify every byte they get back, and JMH
 * microbenchmarks of the Deferred, the timer queue and LineReceiver.
 *
 * <p>Nothing here is API: the module is built only with {@code mvn -P bench} and is the one place
 * Netty and JMH appear. Each server prints {@code listening PORT} on stdout once it accepts
 * connections, which is how the harness knows it may start the load.
 */
package dev.torsion.bench;
