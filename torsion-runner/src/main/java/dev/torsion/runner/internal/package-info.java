/** Internals of the runner (option parsing, logging, pid files, daemonizing): not API. */
package dev.torsion.runner.internal;
