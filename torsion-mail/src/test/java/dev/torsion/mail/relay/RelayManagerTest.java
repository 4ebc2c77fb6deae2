package dev.torsion.mail.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ConnectionRefusedError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.task.Clock;
import dev.torsion.mail.smtp.MailAddress;
import dev.torsion.mail.smtp.RelayQueue;
import dev.torsion.mail.smtp.SMTPError;
import dev.torsion.mail.smtp.SentMail;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue runner on trial's Clock with a scripted next hop. */
class RelayManagerTest {
  @TempDir Path dir;
  Clock clock = new Clock();
  RelayQueue queue;
  List<List<String>> sends = new ArrayList<>();
  List<String> bounced = new ArrayList<>();
  Function<List<String>, Deferred<SentMail>> answer;
  RelayManager relay;

  @BeforeEach
  void setUp() throws Exception {
    queue = RelayQueue.open(dir.resolve(".queue"));
    Transmitter t = (domain, from, to, message) -> {
      sends.add(List.copyOf(to));
      return answer.apply(to);
    };
    relay = new RelayManager(clock, queue, t,
        (to, dsn) -> bounced.add(to + "\n" + new String(dsn, StandardCharsets.ISO_8859_1)),
        "mx.example.com").maxAge(3 * 3600);
  }

  private void enqueue(String from, String... to) throws Exception {
    Path msg = dir.resolve("m" + System.nanoTime());
    Files.writeString(msg, "Subject: hi\r\n\r\nhello\r\n");
    List<MailAddress> rcpts = new ArrayList<>();
    for (String r : to) {
      rcpts.add(MailAddress.parse(r));
    }
    queue.enqueue(from.isEmpty() ? null : MailAddress.parse(from), rcpts, msg);
  }

  private static Deferred<SentMail> accepted(List<String> to) {
    List<SentMail.Recipient> rs = new ArrayList<>();
    for (String r : to) {
      rs.add(new SentMail.Recipient(r, 250, "2.1.5 ok"));
    }
    return Deferred.succeed(new SentMail(rs.size(), rs));
  }

  @Test
  void messageQueuedBeforeStartIsSentAndRemoved() throws Exception {
    answer = RelayManagerTest::accepted;
    enqueue("alice@example.com", "bob@example.org");
    relay.start();
    clock.advance(0);
    assertThat(sends).containsExactly(List.of("bob@example.org"));
    assertThat(queue.entries()).isEmpty();
    assertThat(bounced).isEmpty();
  }

  @Test
  void messageQueuedWhileRunningIsSent() throws Exception {
    answer = RelayManagerTest::accepted;
    relay.start();
    clock.advance(0);
    enqueue("alice@example.com", "bob@example.org");
    clock.advance(0);
    assertThat(sends).hasSize(1);
    assertThat(queue.entries()).isEmpty();
  }

  @Test
  void recipientsOfTwoDomainsGoInTwoTransactions() throws Exception {
    answer = RelayManagerTest::accepted;
    enqueue("alice@example.com", "bob@example.org", "carol@example.net", "dan@example.org");
    relay.start();
    clock.advance(0);
    assertThat(sends).containsExactlyInAnyOrder(
        List.of("bob@example.org", "dan@example.org"), List.of("carol@example.net"));
  }

  @Test
  void connectionFailureIsRetriedWithDoublingDelay() throws Exception {
    answer = to -> Deferred.fail(new ConnectionRefusedError("refused"));
    enqueue("alice@example.com", "bob@example.org");
    relay.start();
    clock.advance(0);
    assertThat(sends).hasSize(1);
    clock.advance(59);
    assertThat(sends).hasSize(1);
    clock.advance(1);
    assertThat(sends).hasSize(2); // after 60 s
    clock.advance(119);
    assertThat(sends).hasSize(2);
    clock.advance(1);
    assertThat(sends).hasSize(3); // after 120 more
    answer = RelayManagerTest::accepted;
    clock.advance(240);
    assertThat(sends).hasSize(4);
    assertThat(queue.entries()).isEmpty();
    assertThat(bounced).isEmpty();
  }

  @Test
  void onlyTheTemporarilyFailedRecipientIsKeptAndRetried() throws Exception {
    answer = to -> Deferred.succeed(new SentMail(1, List.of(
        new SentMail.Recipient("bob@example.org", 250, "ok"),
        new SentMail.Recipient("dan@example.org", 450, "4.2.1 mailbox busy"))));
    enqueue("alice@example.com", "bob@example.org", "dan@example.org");
    relay.start();
    clock.advance(0);
    assertThat(queue.entries()).singleElement()
        .satisfies(e -> assertThat(e.recipients()).containsExactly("dan@example.org"));
    answer = RelayManagerTest::accepted;
    clock.advance(60);
    assertThat(sends.get(1)).containsExactly("dan@example.org");
    assertThat(queue.entries()).isEmpty();
  }

  @Test
  void permanentRefusalBouncesAtOnceWithADeliveryStatus() throws Exception {
    answer = to -> Deferred.fail(new SMTPError(550, "5.1.1 no such user",
        List.of(new SentMail.Recipient("bob@example.org", 550, "5.1.1 no such user"))));
    enqueue("alice@example.com", "bob@example.org");
    relay.start();
    clock.advance(0);
    assertThat(queue.entries()).isEmpty();
    assertThat(bounced).singleElement().satisfies(b -> assertThat(b)
        .startsWith("alice@example.com\n")
        .contains("Content-Type: multipart/report; report-type=delivery-status")
        .contains("Content-Type: message/delivery-status")
        .contains("Reporting-MTA: dns; mx.example.com")
        .contains("Final-Recipient: rfc822; bob@example.org")
        .contains("Action: failed")
        .contains("Status: 5.1.1")
        .contains("Diagnostic-Code: smtp; 550 5.1.1 no such user")
        .contains("Subject: hi"));
    clock.advance(3600);
    assertThat(sends).hasSize(1);
  }

  @Test
  void temporaryFailureBouncesAfterTheMaximumAge() throws Exception {
    answer = to -> Deferred.fail(new ConnectionRefusedError("refused"));
    enqueue("alice@example.com", "bob@example.org");
    relay.start();
    for (int i = 0; i < 40; i++) {
      clock.advance(600);
    }
    assertThat(queue.entries()).isEmpty();
    assertThat(bounced).singleElement().satisfies(b -> assertThat(b)
        .contains("Final-Recipient: rfc822; bob@example.org").contains("Status: 5.4.1"));
    int tries = sends.size();
    clock.advance(7200);
    assertThat(sends).hasSize(tries);
  }

  @Test
  void aBounceIsNeverBounced() throws Exception {
    answer = to -> Deferred.fail(new SMTPError(550, "no", List.of()));
    enqueue("", "bob@example.org");
    relay.start();
    clock.advance(0);
    assertThat(queue.entries()).isEmpty();
    assertThat(bounced).isEmpty();
  }

  @Test
  void aRestartedManagerSendsWhatTheStoppedOneLeft() throws Exception {
    answer = to -> Deferred.fail(new ConnectionRefusedError("refused"));
    enqueue("alice@example.com", "bob@example.org");
    relay.start();
    clock.advance(0);
    relay.stop();
    assertThat(clock.getDelayedCalls()).isEmpty();

    answer = RelayManagerTest::accepted;
    RelayManager again = new RelayManager(clock, RelayQueue.open(dir.resolve(".queue")),
        (d, f, to, m) -> {
          sends.add(to);
          return answer.apply(to);
        }, (to, dsn) -> bounced.add(to), "mx.example.com");
    again.start();
    clock.advance(0);
    assertThat(sends).hasSize(2);
    assertThat(queue.entries()).isEmpty();
  }
}
