/** The {@code ./torsion words} plugin: an IRC server, Twisted's {@code twistd words}. */
package dev.torsion.words.tap;
