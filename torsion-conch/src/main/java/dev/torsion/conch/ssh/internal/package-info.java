/**
 * The SSH wire, not for users: packet framing and ciphers, key exchanges, KEXINIT negotiation,
 * the user authentication and connection services and their channels.
 */
package dev.torsion.conch.ssh.internal;
