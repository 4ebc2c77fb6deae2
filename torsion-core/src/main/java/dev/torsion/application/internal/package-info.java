/**
 * Internals of the service framework: not API, may change without notice. Use the services in
 * {@link dev.torsion.application} instead.
 */
package dev.torsion.application.internal;
