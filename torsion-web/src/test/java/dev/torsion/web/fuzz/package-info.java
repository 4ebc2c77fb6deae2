/**
 * Jazzer harnesses for torsion-web's parsers of peer input (issue 21): HTTP/1.1 heads and
 * bodies, content decoders, header values, HTTP/2 frames and HPACK, and the differential
 * HTTP/1.1 harness against Netty's and Jetty's parsers. Each runs in regression mode on its
 * {@code Inputs} directory under {@code mvn verify}; see docs/design/fuzzing.md.
 */
package dev.torsion.web.fuzz;
