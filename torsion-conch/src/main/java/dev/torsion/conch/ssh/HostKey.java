package dev.torsion.conch.ssh;

import dev.torsion.conch.ssh.internal.SSHReader;
import dev.torsion.conch.ssh.internal.SSHWriter;
import dev.torsion.cred.internal.SSHKeys;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A server's host key, read from (or generated into) an OpenSSH private key file: what Twisted's
 * {@code SSHFactory.privateKeys} holds. Reads ssh-ed25519, ecdsa-sha2-nistp256/384/521 and
 * ssh-rsa keys in the {@code openssh-key-v1} format that {@code ssh-keygen} writes (unencrypted);
 * generates ssh-ed25519.
 *
 * <pre>{@code
 * HostKey key = HostKey.loadOrGenerate(Path.of("ssh_host_ed25519_key"));
 * key.fingerprint();   // "SHA256:...", as ssh-keygen -l shows it
 * }</pre>
 */
public final class HostKey {
  private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);

  private final String keyType;
  private final byte[] publicBlob;
  private final PrivateKey privateKey;

  private HostKey(String keyType, byte[] publicBlob, PrivateKey privateKey) {
    this.keyType = keyType;
    this.publicBlob = publicBlob;
    this.privateKey = privateKey;
  }

  /** The key's type: "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa"... */
  public String keyType() {
    return keyType;
  }

  /** The host key algorithms this key can sign for (RSA: rsa-sha2-512 and rsa-sha2-256). */
  public List<String> algorithms() {
    return keyType.equals("ssh-rsa") ? List.of("rsa-sha2-512", "rsa-sha2-256") : List.of(keyType);
  }

  /** The public key in SSH wire form. */
  public byte[] publicBlob() {
    return publicBlob.clone();
  }

  /** The public key as an OpenSSH {@code .pub} / known_hosts line's key part. */
  public String publicKeyLine() {
    return keyType + " " + Base64.getEncoder().encodeToString(publicBlob);
  }

  /** The SHA-256 fingerprint as ssh-keygen -l prints it. */
  public String fingerprint() {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(publicBlob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signs {@code data} with {@code algorithm}; the SSH signature blob (string name, string bytes). */
  public byte[] sign(String algorithm, byte[] data) {
    try {
      String jdk = switch (algorithm) {
        case "ssh-ed25519" -> "Ed25519";
        case "rsa-sha2-256" -> "SHA256withRSA";
        case "rsa-sha2-512" -> "SHA512withRSA";
        case "ecdsa-sha2-nistp256" -> "SHA256withECDSA";
        case "ecdsa-sha2-nistp384" -> "SHA384withECDSA";
        case "ecdsa-sha2-nistp521" -> "SHA512withECDSA";
        default -> throw new IllegalArgumentException("cannot sign " + algorithm);
      };
      Signature s = Signature.getInstance(jdk);
      s.initSign(privateKey);
      s.update(data);
      byte[] sig = s.sign();
      if (algorithm.startsWith("ecdsa-")) {
        sig = ecdsaWire(sig);
      }
      return new SSHWriter().writeString(algorithm).writeString(sig).toByteArray();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** DER SEQUENCE { INTEGER r, INTEGER s } to SSH's mpint r, mpint s (RFC 5656 3.1.2). */
  private static byte[] ecdsaWire(byte[] der) {
    int pos = 2;
    if ((der[1] & 0xff) == 0x81) {
      pos = 3;
    }
    SSHWriter w = new SSHWriter();
    for (int i = 0; i < 2; i++) {
      int len = der[pos + 1] & 0xff;
      w.writeMpint(new BigInteger(Arrays.copyOfRange(der, pos + 2, pos + 2 + len)));
      pos += 2 + len;
    }
    return w.toByteArray();
  }

  /** Reads the key in {@code file}, or generates an ssh-ed25519 key there when it is missing. */
  public static HostKey loadOrGenerate(Path file) throws IOException {
    if (Files.exists(file)) {
      return load(file);
    }
    HostKey key = generateEd25519();
    key.write(file);
    return key;
  }

  /** A fresh ssh-ed25519 key, in memory. */
  public static HostKey generateEd25519() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] raw = ed25519Raw((EdECPublicKey) pair.getPublic());
      byte[] blob = new SSHWriter().writeString("ssh-ed25519").writeString(raw).toByteArray();
      return new HostKey("ssh-ed25519", blob, pair.getPrivate());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RFC 8032 5.1.2: y little-endian, with x's low bit in the top bit of the last byte. */
  static byte[] ed25519Raw(EdECPublicKey pub) {
    byte[] be = pub.getPoint().getY().toByteArray();
    byte[] raw = new byte[32];
    for (int i = 0; i < 32 && i < be.length; i++) {
      raw[i] = be[be.length - 1 - i];
    }
    if (pub.getPoint().isXOdd()) {
      raw[31] |= (byte) 0x80;
    }
    return raw;
  }

  /** Reads an unencrypted OpenSSH private key file. */
  public static HostKey load(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    int begin = text.indexOf("-----BEGIN OPENSSH PRIVATE KEY-----");
    int end = text.indexOf("-----END OPENSSH PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new IOException(file + ": not an OpenSSH private key file");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(
          text.substring(begin + "-----BEGIN OPENSSH PRIVATE KEY-----".length(), end));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": bad base64 in private key", e);
    }
    try {
      return parse(der);
    } catch (RuntimeException | GeneralSecurityException e) {
      throw new IOException(file + ": cannot read private key: " + e.getMessage(), e);
    }
  }

  /*
   * PROTOCOL.key: "openssh-key-v1\0", string ciphername, string kdfname, string kdfoptions,
   * uint32 count (1), string publickey, string private section:
   *   uint32 check, uint32 check, string keytype, key fields..., string comment, padding 1 2 3...
   */
  private static HostKey parse(byte[] der) throws GeneralSecurityException, IOException {
    if (der.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(der, MAGIC.length), MAGIC)) {
      throw new IOException("missing openssh-key-v1 magic");
    }
    SSHReader r = new SSHReader(der, MAGIC.length, der.length - MAGIC.length);
    String cipher = new String(r.readString(), StandardCharsets.US_ASCII);
    r.readString();
    r.readString();
    if (!cipher.equals("none")) {
      throw new IOException("encrypted private keys are not supported (cipher " + cipher + ")");
    }
    if (r.readUint32() != 1) {
      throw new IOException("expected exactly one key");
    }
    byte[] blob = r.readString();
    SSHReader p = new SSHReader(r.readString());
    if (p.readUint32() != p.readUint32()) {
      throw new IOException("check bytes differ (wrong passphrase or corrupt file)");
    }
    String type = new String(p.readString(), StandardCharsets.US_ASCII);
    PrivateKey priv;
    switch (type) {
      case "ssh-ed25519" -> {
        p.readString();
        byte[] seedAndPub = p.readString();
        priv = KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(
            NamedParameterSpec.ED25519, Arrays.copyOf(seedAndPub, 32)));
      }
      case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521" -> {
        String curve = new String(p.readString(), StandardCharsets.US_ASCII);
        p.readString();
        BigInteger d = p.readMpint();
        priv = KeyFactory.getInstance("EC")
            .generatePrivate(new ECPrivateKeySpec(d, SSHKeys.curveParams(curve)));
      }
      case "ssh-rsa" -> {
        BigInteger n = p.readMpint();
        BigInteger e = p.readMpint();
        BigInteger d = p.readMpint();
        BigInteger iqmp = p.readMpint();
        BigInteger pp = p.readMpint();
        BigInteger q = p.readMpint();
        priv = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(n, e, d, pp, q,
            d.mod(pp.subtract(BigInteger.ONE)), d.mod(q.subtract(BigInteger.ONE)), iqmp));
      }
      default -> throw new IOException("unsupported key type " + type);
    }
    SSHKeys.decodePublicKey(blob); // the public half must at least parse
    return new HostKey(type, blob, priv);
  }

  /** Writes this (ssh-ed25519) key as an OpenSSH private key file, mode 0600. */
  public void write(Path file) throws IOException {
    if (!keyType.equals("ssh-ed25519")) {
      throw new IOException("only ssh-ed25519 keys can be written");
    }
    byte[] seed = ((java.security.interfaces.EdECPrivateKey) privateKey).getBytes()
        .orElseThrow(() -> new IOException("private key has no seed"));
    byte[] pub = rawPublic();
    int check = new SecureRandom().nextInt();
    SSHWriter priv = new SSHWriter().writeUint32(check).writeUint32(check)
        .writeString("ssh-ed25519").writeString(pub);
    byte[] seedAndPub = new byte[64];
    System.arraycopy(seed, 0, seedAndPub, 0, 32);
    System.arraycopy(pub, 0, seedAndPub, 32, 32);
    priv.writeString(seedAndPub).writeString("torsion host key");
    for (int i = 1; priv.length() % 8 != 0; i++) {
      priv.writeByte(i);
    }
    SSHWriter w = new SSHWriter().writeRaw(MAGIC).writeString("none").writeString("none")
        .writeString(new byte[0]).writeUint32(1).writeString(publicBlob)
        .writeString(priv.toByteArray());
    String b64 = Base64.getMimeEncoder(70, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(w.toByteArray());
    String text = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + b64
        + "\n-----END OPENSSH PRIVATE KEY-----\n";
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, text, StandardCharsets.US_ASCII);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Files.writeString(file.resolveSibling(file.getFileName() + ".pub"),
        publicKeyLine() + " torsion host key\n", StandardCharsets.US_ASCII);
  }

  private byte[] rawPublic() {
    SSHReader r = new SSHReader(publicBlob);
    r.readString();
    return r.readString();
  }
}
