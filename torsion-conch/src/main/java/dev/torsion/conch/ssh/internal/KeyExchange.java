package dev.torsion.conch.ssh.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.List;
import javax.crypto.KeyAgreement;

/**
 * One side's ephemeral half of a key exchange: curve25519-sha256 (RFC 8731), ecdh-sha2-nistpN
 * (RFC 5656 4) and diffie-hellman-group14-sha256 / group16-sha512 (RFC 8268). Each makes a
 * fresh key pair, publishes its public value, and turns the peer's into the shared secret K.
 */
public abstract class KeyExchange {
  /** Key exchange names in our order of preference. */
  public static final List<String> NAMES = List.of(
      "curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256",
      "ecdh-sha2-nistp384", "ecdh-sha2-nistp521", "diffie-hellman-group16-sha512",
      "diffie-hellman-group14-sha256");

  /** The exchange hash's algorithm ("SHA-256"...). */
  public abstract String hash();

  /** Our public value as it appears in the message and the exchange hash (string or mpint). */
  public abstract void writePublic(SSHWriter w);

  /** Reads the peer's public value from its message, writing it the way the hash wants it. */
  public abstract byte[] readPeer(SSHReader r, SSHWriter forHash);

  /** The shared secret K from the peer's public value. */
  public abstract BigInteger agree(byte[] peer);

  public static KeyExchange create(String name) {
    try {
      return switch (name) {
        case "curve25519-sha256", "curve25519-sha256@libssh.org" -> new X25519();
        case "ecdh-sha2-nistp256" -> new Ecdh("nistp256", "SHA-256");
        case "ecdh-sha2-nistp384" -> new Ecdh("nistp384", "SHA-384");
        case "ecdh-sha2-nistp521" -> new Ecdh("nistp521", "SHA-512");
        case "diffie-hellman-group14-sha256" -> new Dh(DhGroups.GROUP14, "SHA-256");
        case "diffie-hellman-group16-sha512" -> new Dh(DhGroups.GROUP16, "SHA-512");
        default -> throw new IllegalArgumentException("unknown key exchange " + name);
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static SSHProtocolError bad(String what) {
    return new SSHProtocolError(SSHProtocolError.KEY_EXCHANGE_FAILED, what);
  }

  /** X25519: public values are 32 raw bytes, little-endian u (RFC 7748 5). */
  static final class X25519 extends KeyExchange {
    private final KeyPair pair;
    private final byte[] ours;

    X25519() throws GeneralSecurityException {
      pair = KeyPairGenerator.getInstance("X25519").generateKeyPair();
      byte[] be = ((XECPublicKey) pair.getPublic()).getU().toByteArray();
      ours = new byte[32];
      for (int i = 0; i < 32 && i < be.length; i++) {
        ours[i] = be[be.length - 1 - i];
      }
    }

    @Override
    public String hash() {
      return "SHA-256";
    }

    @Override
    public void writePublic(SSHWriter w) {
      w.writeString(ours);
    }

    @Override
    public byte[] readPeer(SSHReader r, SSHWriter forHash) {
      byte[] peer = r.readString();
      forHash.writeString(peer);
      return peer;
    }

    @Override
    public BigInteger agree(byte[] peer) {
      if (peer.length != 32) {
        throw bad("X25519 public value must be 32 bytes");
      }
      byte[] be = new byte[32];
      for (int i = 0; i < 32; i++) {
        be[i] = peer[31 - i];
      }
      be[0] &= 0x7f; // RFC 7748 5: the top bit is masked
      try {
        PublicKey key = KeyFactory.getInstance("X25519").generatePublic(
            new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
        KeyAgreement ka = KeyAgreement.getInstance("X25519");
        ka.init(pair.getPrivate());
        ka.doPhase(key, true);
        byte[] secret = ka.generateSecret();
        // RFC 8731 3.1: the 32 bytes read as an unsigned big-endian number.
        return new BigInteger(1, secret);
      } catch (GeneralSecurityException e) {
        throw bad("X25519 agreement failed: " + e.getMessage());
      }
    }
  }

  /** ECDH on a NIST curve: public values are uncompressed points (RFC 5656 4). */
  static final class Ecdh extends KeyExchange {
    private final ECParameterSpec params;
    private final KeyPair pair;
    private final String hash;
    private final int size;

    Ecdh(String curve, String hash) throws GeneralSecurityException {
      this.hash = hash;
      params = dev.torsion.cred.internal.SSHKeys.curveParams(curve);
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(params);
      pair = g.generateKeyPair();
      size = (params.getCurve().getField().getFieldSize() + 7) / 8;
    }

    @Override
    public String hash() {
      return hash;
    }

    @Override
    public void writePublic(SSHWriter w) {
      ECPoint p = ((ECPublicKey) pair.getPublic()).getW();
      byte[] q = new byte[1 + 2 * size];
      q[0] = 4;
      put(q, 1, p.getAffineX());
      put(q, 1 + size, p.getAffineY());
      w.writeString(q);
    }

    private void put(byte[] out, int off, BigInteger v) {
      byte[] b = v.toByteArray();
      int n = Math.min(b.length, size);
      System.arraycopy(b, b.length - n, out, off + size - n, n);
    }

    @Override
    public byte[] readPeer(SSHReader r, SSHWriter forHash) {
      byte[] peer = r.readString();
      forHash.writeString(peer);
      return peer;
    }

    @Override
    public BigInteger agree(byte[] q) {
      if (q.length != 1 + 2 * size || q[0] != 4) {
        throw bad("ECDH public value must be an uncompressed point");
      }
      try {
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(q, 1, 1 + size));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(q, 1 + size, q.length));
        // The JDK checks that the point is on the curve.
        PublicKey key = KeyFactory.getInstance("EC")
            .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(pair.getPrivate());
        ka.doPhase(key, true);
        return new BigInteger(1, ka.generateSecret());
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        throw bad("ECDH agreement failed: " + e.getMessage());
      }
    }
  }

  /** Finite-field Diffie-Hellman (RFC 4253 8) on an RFC 3526 group: public values are mpints. */
  static final class Dh extends KeyExchange {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final BigInteger p;
    private final BigInteger x;
    private final BigInteger e;
    private final String hash;

    Dh(BigInteger p, String hash) {
      this.p = p;
      this.hash = hash;
      // An exponent of twice the group's security strength (RFC 8268 4) is plenty.
      x = new BigInteger(512, RANDOM).setBit(511);
      e = BigInteger.TWO.modPow(x, p);
    }

    @Override
    public String hash() {
      return hash;
    }

    @Override
    public void writePublic(SSHWriter w) {
      w.writeMpint(e);
    }

    @Override
    public byte[] readPeer(SSHReader r, SSHWriter forHash) {
      BigInteger f = r.readMpint();
      forHash.writeMpint(f);
      return f.toByteArray();
    }

    @Override
    public BigInteger agree(byte[] peer) {
      BigInteger f = new BigInteger(peer);
      // RFC 4253 8: 1 < f < p-1.
      if (f.compareTo(BigInteger.ONE) <= 0 || f.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
        throw bad("DH public value out of range");
      }
      return f.modPow(x, p);
    }
  }
}
