/**
 * The one plugin that is part of the launcher itself: {@code run FILE.java|CLASS}, which compiles
 * and runs the user's own Application. Protocol plugins live beside their protocols.
 */
package dev.torsion.runner.plugins;
