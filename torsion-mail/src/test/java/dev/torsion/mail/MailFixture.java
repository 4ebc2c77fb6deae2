package dev.torsion.mail;

import dev.torsion.cred.InMemoryUsers;
import dev.torsion.cred.Portal;
import dev.torsion.cred.Realm;
import dev.torsion.mail.smtp.MaildirDelivery;
import dev.torsion.mail.smtp.Network;
import dev.torsion.mail.smtp.RelayQueue;
import dev.torsion.mail.smtp.SMTPServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One domain (example.com), users alice:secret and bob:hunter2, Maildirs under a temp dir. */
public final class MailFixture {
  public final Path root;
  public final InMemoryUsers users = new InMemoryUsers().addUser("alice", "secret")
      .addUser("bob", "hunter2");
  public final MailDomains domains;
  public final Portal portal;
  public final RelayQueue queue;
  public final MaildirDelivery delivery;

  public MailFixture(Path root, String... relayNetworks) throws IOException {
    this.root = root;
    domains = new MailDomains(root, Set.of("example.com"), users::hasUser);
    portal = new Portal(Realm.of(MailAccount.class, n -> new MailAccount(n, domains.maildirFor(n))),
        users);
    queue = RelayQueue.open(domains.queue());
    List<Network> nets = new ArrayList<>();
    for (String n : relayNetworks) {
      nets.add(Network.parse(n));
    }
    delivery = new MaildirDelivery(domains, nets, queue);
  }

  public SMTPServerOptions.Builder smtp() {
    return SMTPServerOptions.builder("mail.example.com").delivery(delivery).portal(portal)
        .postmasterDomain("example.com")
        .loginName(n -> domains.userFor(n) != null ? domains.userFor(n) : n);
  }

  /** The messages in {@code user}'s Maildir, as bytes, oldest first. */
  public List<byte[]> messages(String user) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (Maildir.Message m : domains.maildirFor(user).list()) {
      out.add(Files.readAllBytes(m.path()));
    }
    return out;
  }

  /** The message as stored, without the Received header the server put on top. */
  public static String withoutReceived(byte[] stored) {
    String s = new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1);
    if (!s.startsWith("Received: ")) {
      throw new AssertionError("no Received header first: " + s);
    }
    int i = 0;
    while (true) {
      int crlf = s.indexOf("\r\n", i);
      i = crlf + 2;
      if (s.charAt(i) != '\t' && s.charAt(i) != ' ') {
        return s.substring(i);
      }
    }
  }
}
