/**
 * The {@code ./torsion} command, Twisted's {@code twistd}: {@link dev.torsion.runner.Main} finds
 * every {@link dev.torsion.plugin.Plugin} on the classpath (by {@link java.util.ServiceLoader}, so
 * a third-party jar adds its own), parses the runner's options and runs the chosen plugin's
 * service. It knows no protocol: each subsystem module carries its own plugin, and the runnable
 * jar is built by {@code torsion-all}, which bundles them all.
 */
package dev.torsion.runner;
