/** AMP's box parser and record mapping; not for use outside the amp package. */
package dev.torsion.protocols.amp.internal;
