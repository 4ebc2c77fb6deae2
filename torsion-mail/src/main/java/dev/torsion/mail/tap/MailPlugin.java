package dev.torsion.mail.tap;

import dev.torsion.application.MultiService;
import dev.torsion.application.Service;
import dev.torsion.cred.CredentialsChecker;
import dev.torsion.cred.InMemoryUsers;
import dev.torsion.cred.LoginLimiter;
import dev.torsion.cred.PasswordFileChecker;
import dev.torsion.cred.Portal;
import dev.torsion.cred.Realm;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.mail.MailAccount;
import dev.torsion.mail.MailDomains;
import dev.torsion.mail.imap.IMAP4Factory;
import dev.torsion.mail.imap.IMAPServerOptions;
import dev.torsion.mail.pop3.POP3Factory;
import dev.torsion.mail.relay.MXCalculator;
import dev.torsion.mail.relay.MXTransmitter;
import dev.torsion.mail.relay.RelayService;
import dev.torsion.names.client.DNSClient;
import dev.torsion.mail.relay.Transmitter;
import dev.torsion.mail.pop3.POP3ServerOptions;
import dev.torsion.mail.smtp.ESMTPFactory;
import dev.torsion.mail.smtp.MaildirDelivery;
import dev.torsion.mail.smtp.Network;
import dev.torsion.mail.smtp.RelayQueue;
import dev.torsion.mail.smtp.SMTPServerOptions;
import dev.torsion.plugin.CommonOptions;
import dev.torsion.plugin.Listen;
import dev.torsion.plugin.Option;
import dev.torsion.plugin.Options;
import dev.torsion.plugin.Plugin;
import dev.torsion.plugin.StartupError;
import dev.torsion.plugin.UsageError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import java.util.function.UnaryOperator;

/**
 * {@code torsion mail --smtp tcp:2525 --pop3 tcp:1110 --imap tcp:1143 --maildirs DIR --domain
 * example.com --user alice=secret}: a small mail server for local domains, Twisted's {@code
 * twistd mail}, beside the mail code. Users receive mail as NAME@DOMAIN for every {@code
 * --domain} into {@code DIR/NAME}, and read it over POP3 and IMAP, logging in as NAME or
 * NAME@DOMAIN. With {@code --certificate}/{@code --private-key} every server offers STARTTLS (or
 * STLS), and {@code ssl:} endpoints give SMTPS, POP3S and IMAPS. Mail that authenticated users
 * and {@code --relay-network} clients send to foreign domains is queued and relayed by a
 * {@link RelayService}: to {@code --smarthost HOST[:PORT]}, or to each domain's MX hosts, with
 * retries and bounces (see docs/howto/mail.md).
 *
 * <pre>{@code
 * ./torsion mail --smtp tcp:2525 --imap tcp:1143 --maildirs /var/mail/torsion \
 *     --domain example.com --user alice=s3cret --relay-network 192.168.1.0/24 \
 *     --certificate cert.pem --private-key key.pem
 * }</pre>
 */
public final class MailPlugin implements Plugin {
  @Override
  public String name() {
    return "mail";
  }

  @Override
  public String description() {
    return "SMTP, POP3 and IMAP4 server for local domains over Maildirs";
  }

  @Override
  public List<Option> options() {
    List<Option> o = new ArrayList<>();
    o.add(CommonOptions.listen("smtp", "tcp:2525", "where the ESMTP server listens"));
    o.add(CommonOptions.listen("pop3", null, "where a POP3 server listens"));
    o.add(CommonOptions.listen("imap", null, "where an IMAP4 server listens"));
    o.add(Option.value("maildirs", "DIR", null, "the directory of the users' Maildirs (required)"));
    o.add(Option.value("maildir", "DIR", null, "the same as --maildirs"));
    o.add(Option.repeatable("domain", "NAME", null, "a local domain (required); may be repeated"));
    o.addAll(CommonOptions.users());
    o.add(Option.repeatable("relay-network", "CIDR", null,
        "clients here may relay to foreign domains; may be repeated"));
    o.add(Option.value("smarthost", "HOST[:PORT]", null,
        "relay all foreign mail through this server (default: each domain's MX hosts, port 25)"));
    o.add(Option.value("queue-lifetime", "HOURS", "120",
        "how long relayed mail is retried before it bounces (RFC 5321 4.5.4.1: 5 days)"));
    o.addAll(CommonOptions.tls());
    o.add(Option.value("hostname", "NAME", "localhost", "the name the servers greet with"));
    o.add(Option.value("max-message-size", "BYTES", "26214400", "the SIZE limit of SMTP and IMAP APPEND"));
    return o;
  }

  @Override
  public Service makeService(Options options) {
    String dirName = options.get("maildirs") != null ? options.get("maildirs") : options.get("maildir");
    if (dirName == null) {
      throw new UsageError("--maildirs is required");
    }
    List<String> domainNames = options.getAll("domain");
    if (domainNames.isEmpty()) {
      throw new UsageError("--domain is required");
    }
    for (String d : domainNames) {
      if (!d.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?")) {
        throw new UsageError("--domain: not a domain name: '" + d + "'");
      }
    }
    String hostname = options.get("hostname");
    if (!hostname.matches("[A-Za-z0-9.-]{1,253}")) {
      throw new UsageError("--hostname: not a host name: '" + hostname + "'");
    }
    long maxSize;
    try {
      maxSize = Long.parseLong(options.get("max-message-size"));
      if (maxSize < 1024) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new UsageError("--max-message-size must be a number of bytes, 1024 or more, not '"
          + options.get("max-message-size") + "'");
    }
    List<Network> relay = new ArrayList<>();
    for (String n : options.getAll("relay-network")) {
      try {
        relay.add(Network.parse(n));
      } catch (IllegalArgumentException e) {
        throw new UsageError("--relay-network: not a network: '" + n + "'");
      }
    }
    Transmitter transmitter = transmitter(options);
    double lifetimeHours;
    try {
      lifetimeHours = Double.parseDouble(options.get("queue-lifetime"));
      if (!(lifetimeHours > 0 && lifetimeHours <= 24 * 365)) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new UsageError("--queue-lifetime must be a number of hours above 0, not '"
          + options.get("queue-lifetime") + "'");
    }
    CredentialsChecker checker = CommonOptions.checker(options);
    if (checker == null) {
      throw new UsageError("no local users: give --user NAME=PASSWORD or --password-file FILE");
    }
    InMemoryUsers users = CommonOptions.inMemoryUsers(options);
    PasswordFileChecker file = CommonOptions.passwordFile(options, CommonOptions.PASSWORD_FILE);
    TLSOptions tls = CommonOptions.tlsOptions(options);

    Path root = Path.of(dirName);
    MailDomains domains = new MailDomains(root, new LinkedHashSet<>(domainNames),
        name -> users.hasUser(name) || (file != null && file.usernames().contains(name)));
    RelayQueue queue;
    try {
      Files.createDirectories(root);
      Files.createDirectories(domains.spool());
      queue = RelayQueue.open(domains.queue());
    } catch (IOException e) {
      throw new StartupError("--maildirs: " + Listen.describe("cannot create", e), e);
    }
    Portal portal = new Portal(Realm.of(MailAccount.class,
        n -> new MailAccount(n, domains.maildirFor(n))), checker);
    portal.setLimiter(new LoginLimiter(options.reactor()));
    UnaryOperator<String> loginName = n -> domains.userFor(n) != null ? domains.userFor(n) : n;

    SMTPServerOptions.Builder smtp = SMTPServerOptions.builder(hostname)
        .delivery(new MaildirDelivery(domains, relay, queue, options.reactor())).portal(portal)
        .postmasterDomain(domains.primaryDomain()).loginName(loginName).maxMessageSize(maxSize);
    POP3ServerOptions.Builder pop3 = POP3ServerOptions.builder(hostname, portal).loginName(loginName);
    IMAPServerOptions.Builder imap = IMAPServerOptions.builder(hostname, portal).loginName(loginName)
        .spool(domains.spool()).maxLiteral(maxSize);
    if (tls != null) {
      smtp.tls(tls);
      pop3.tls(tls);
      imap.tls(tls);
    }
    MultiService all = new MultiService();
    RelayService relayService =
        new RelayService(options.reactor(), domains, queue, transmitter, hostname);
    relayService.manager().maxAge(lifetimeHours * 3600);
    relayService.setServiceParent(all);
    CommonOptions.listenAll(options, "smtp", new ESMTPFactory(smtp.build(), options.reactor()))
        .setServiceParent(all);
    if (!options.getAll("pop3").isEmpty()) {
      CommonOptions.listenAll(options, "pop3", new POP3Factory(pop3.build(), options.reactor()))
          .setServiceParent(all);
    }
    if (!options.getAll("imap").isEmpty()) {
      CommonOptions.listenAll(options, "imap", new IMAP4Factory(imap.build(), options.reactor()))
          .setServiceParent(all);
    }
    return all;
  }

  /** {@code --smarthost HOST[:PORT]}, or each recipient domain's MX hosts (resolv.conf, hosts, a cache) on port 25. */
  private static Transmitter transmitter(Options options) {
    String smarthost = options.get("smarthost");
    if (smarthost == null) {
      return new MXTransmitter(options.reactor(),
          new MXCalculator(DNSClient.fromSystem(options.reactor())), 25); // cached, with /etc/hosts
    }
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("(?:\\[([0-9A-Fa-f:.]+)\\]|([A-Za-z0-9.-]{1,253}))(?::([0-9]{1,5}))?")
        .matcher(smarthost);
    int port = m.matches() && m.group(3) != null ? Integer.parseInt(m.group(3)) : 25;
    if (!m.matches() || port < 1 || port > 65535) {
      throw new UsageError("--smarthost: not HOST[:PORT]: '" + smarthost + "'");
    }
    return Transmitter.smartHost(options.reactor(), m.group(1) != null ? m.group(1) : m.group(2),
        port);
  }
}
