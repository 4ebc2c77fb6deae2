/** The guard's header parsing; not API. */
package dev.torsion.web.guard.internal;
