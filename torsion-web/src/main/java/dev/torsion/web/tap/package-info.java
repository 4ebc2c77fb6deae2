/** The {@code ./torsion web} plugin (Twisted's {@code twisted.web.tap}). */
package dev.torsion.web.tap;
