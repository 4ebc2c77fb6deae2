/**
 * The {@code ./torsion conch} plugin: an SSH server with shell, exec, SFTP and port forwarding
 * for the users given on the command line, Twisted's {@code twisted/conch/tap.py}.
 */
package dev.torsion.conch.tap;
