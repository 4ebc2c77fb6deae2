package dev.torsion.web.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.cred.DigestCredentials;
import dev.torsion.cred.InMemoryUsers;
import dev.torsion.cred.Portal;
import dev.torsion.cred.Realm;
import dev.torsion.internet.task.Clock;
import dev.torsion.web.guard.BasicCredentialFactory;
import dev.torsion.web.guard.DigestCredentialFactory;
import dev.torsion.web.guard.HTTPAuthSessionWrapper;
import dev.torsion.web.guard.internal.AuthParams;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The web guard on an in-memory connection: challenges, Basic, Digest, and uniform failures. */
final class HTTPAuthSessionWrapperTest {
  private final Resource root = new Resource();
  private HTTPAuthSessionWrapper guard;
  private DigestCredentialFactory digest;

  HTTPAuthSessionWrapperTest() {
    root.putChild("secret", new Resources.Text("the treasure"));
  }

  private void guarded(boolean withDigest) {
    Clock clock = new Clock();
    Portal portal = new Portal(Realm.of(Resource.class, id -> root),
        new InMemoryUsers().addUser("alice", "s3cret"));
    digest = new DigestCredentialFactory("SHA-256", "vault", clock);
    guard = new HTTPAuthSessionWrapper(portal, withDigest
        ? List.of(digest, new BasicCredentialFactory("vault"))
        : List.of(new BasicCredentialFactory("vault")));
  }

  private String get(String path, String authorization) {
    ServerHarness s = new ServerHarness(guard).connect();
    s.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n"
        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
        + "Connection: close\r\n\r\n");
    return s.output();
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void withoutCredentialsItChallengesForEveryScheme() {
    guarded(true);
    String response = get("/secret", null);
    assertThat(response).startsWith("HTTP/1.1 401 ")
        .contains("WWW-Authenticate: Digest realm=\"vault\", qop=\"auth\", algorithm=SHA-256, nonce=\"")
        .contains("WWW-Authenticate: Basic realm=\"vault\", charset=\"UTF-8\"")
        .doesNotContain("the treasure");
  }

  @Test
  void basicCredentialsReachTheAvatarsChildren() {
    guarded(false);
    assertThat(get("/secret", basic("alice", "s3cret"))).startsWith("HTTP/1.1 200 ").endsWith("the treasure");
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswer() {
    guarded(false);
    String wrong = get("/secret", basic("alice", "guess"));
    String unknown = get("/secret", basic("mallory", "guess"));
    assertThat(wrong).startsWith("HTTP/1.1 401 ");
    assertThat(strip(unknown)).isEqualTo(strip(wrong));
  }

  @Test
  void malformedAuthorizationHeadersAre401NotErrors() {
    guarded(true);
    for (String bad : new String[] {"Basic", "Basic !!!", "Basic " + Base64.getEncoder()
        .encodeToString("nocolon".getBytes()), "Digest username=", "Digest a=\"unterminated",
        "Bearer abc", "Digest " + "x=y, ".repeat(40) + "z=1"}) {
      assertThat(get("/secret", bad)).as(bad).startsWith("HTTP/1.1 401 ");
    }
  }

  @Test
  void digestAnswerToOurChallengeIsAcceptedOnceAndItsCountMustGrow() {
    guarded(true);
    Map<String, String> challenge = digestChallenge(get("/secret", null));
    String first = digestAuthorization(challenge, "/secret", "s3cret", "00000001");
    assertThat(get("/secret", first)).startsWith("HTTP/1.1 200 ").endsWith("the treasure");
    assertThat(get("/secret", first)).as("replayed nonce count").startsWith("HTTP/1.1 401 ");
    String second = digestAuthorization(challenge, "/secret", "s3cret", "00000002");
    assertThat(get("/secret", second)).startsWith("HTTP/1.1 200 ");
    assertThat(get("/secret", digestAuthorization(challenge, "/secret", "wrong", "00000003")))
        .startsWith("HTTP/1.1 401 ");
  }

  @Test
  void digestForAnotherUriOrAForgedNonceIsRefused() {
    guarded(true);
    Map<String, String> challenge = digestChallenge(get("/secret", null));
    String other = digestAuthorization(challenge, "/elsewhere", "s3cret", "00000001");
    assertThat(get("/secret", other)).startsWith("HTTP/1.1 401 ");
    challenge.put("nonce", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    assertThat(get("/secret", digestAuthorization(challenge, "/secret", "s3cret", "00000001")))
        .startsWith("HTTP/1.1 401 ");
  }

  @Test
  void anExpiredNonceIsAnsweredStale() {
    guarded(true);
    Map<String, String> challenge = digestChallenge(get("/secret", null));
    ((Clock) digestClock()).advance(DigestCredentialFactory.NONCE_LIFETIME_SECONDS + 1);
    String late = get("/secret", digestAuthorization(challenge, "/secret", "s3cret", "00000001"));
    assertThat(late).startsWith("HTTP/1.1 401 ").contains("stale=true");
  }

  private Object digestClock() {
    try {
      var f = DigestCredentialFactory.class.getDeclaredField("clock");
      f.setAccessible(true);
      return f.get(digest);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Map<String, String> digestChallenge(String response) {
    Matcher m = Pattern.compile("WWW-Authenticate: Digest (.*)\r\n").matcher(response);
    assertThat(m.find()).isTrue();
    return new java.util.HashMap<>(AuthParams.parse(m.group(1)));
  }

  /** What a client computes (RFC 7616 3.4.1), with the cred class as the client's arithmetic. */
  private static String digestAuthorization(Map<String, String> c, String uri, String password, String nc) {
    String cnonce = "0a4f113b";
    DigestCredentials client = new DigestCredentials("alice", c.get("realm"), "GET", uri,
        c.get("nonce"), nc, cnonce, "auth", c.get("algorithm"), "");
    return "Digest username=\"alice\", realm=\"" + c.get("realm") + "\", nonce=\"" + c.get("nonce")
        + "\", uri=\"" + uri + "\", algorithm=" + c.get("algorithm") + ", qop=auth, nc=" + nc
        + ", cnonce=\"" + cnonce + "\", opaque=\"" + c.get("opaque") + "\", response=\""
        + client.expectedResponse(password) + "\"";
  }

  private static String strip(String response) {
    return response.replaceAll("Date: .*\r\n", "");
  }
}
