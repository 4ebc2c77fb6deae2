/**
 * Jazzer harnesses for torsion-core's parsers of peer and configuration input (issue 21):
 * endpoint descriptions, the SOCKS server's requests and RFC 1929 login, PEM and DER, the TLS
 * layer fed plaintext, and the PROXY protocol header. Each runs in regression mode on its
 * {@code Inputs} directory under {@code mvn verify}; see docs/design/fuzzing.md.
 */
package dev.torsion.internet.fuzz;
