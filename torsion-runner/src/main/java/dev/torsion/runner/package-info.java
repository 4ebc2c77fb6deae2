/**
 * The {@code ./torsion} command, Twisted's {@code twistd}: {@link dev.torsion.runner.Main} and
 * the {@link dev.torsion.runner.Plugin} interface through which commands such as {@code echo},
 * {@code portforward}, {@code socks} and {@code run} are found (by {@link java.util.ServiceLoader},
 * so a third-party jar on the classpath adds its own).
 */
package dev.torsion.runner;
