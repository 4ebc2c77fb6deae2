/** SFTP v3 framing, request decoding and the confined file operations, not for users. */
package dev.torsion.conch.sftp.internal;
