package dev.torsion.cred;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Known answers from the RFCs that define each challenge. */
final class ChallengeCredentialsTest {
  @Test
  void cramMd5MatchesRfc2195Example() {
    String challenge = "<1896.697170952@postoffice.reston.mci.net>";
    CramMD5Credentials c = CramMD5Credentials.fromResponse(challenge,
        "tim b913a602c7eda7a495b4e6e7334d3890");
    assertThat(c.username()).isEqualTo("tim");
    assertThat(c.checkPassword("tanstaaftanstaaf")).isTrue();
    assertThat(c.checkPassword("tanstaaftanstaaF")).isFalse();
    assertThat(CramMD5Credentials.respond(challenge, "tim", "tanstaaftanstaaf"))
        .isEqualTo("tim b913a602c7eda7a495b4e6e7334d3890");
  }

  @Test
  void cramMd5ResponseWithoutADigestIsRefused() {
    assertThatThrownBy(() -> CramMD5Credentials.fromResponse("<x@y>", "tim"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cramMd5ChallengesAreFreshEachTime() {
    assertThat(CramMD5Credentials.newChallenge("h")).isNotEqualTo(CramMD5Credentials.newChallenge("h"))
        .startsWith("<").endsWith("@h>");
  }

  @Test
  void apopMatchesRfc1939Example() {
    String stamp = "<1896.697170952@dbc.mtview.ca.us>";
    assertThat(APOPCredentials.digest(stamp, "tanstaaf")).isEqualTo("c4c9334bac560ecc979e58001b3e22fb");
    APOPCredentials c = new APOPCredentials(stamp, "mrose", "c4c9334bac560ecc979e58001b3e22fb");
    assertThat(c.checkPassword("tanstaaf")).isTrue();
    assertThat(c.checkPassword("tanstaa")).isFalse();
  }

  @Test
  void digestSha256MatchesAnIndependentComputation() {
    // RFC 7616 section 3.9.1's inputs with SHA-256. Its printed responses cannot be reproduced
    // from its printed inputs (checked with Python's hashlib under both spellings of the
    // password), so the expected values here come from Python's hashlib:
    //   H = sha256; H(H("Mufasa:http-auth@example.org:Circle of Life") + ":" + nonce + ":00000001:"
    //   + cnonce + ":auth:" + H("GET:/dir/index.html"))
    String nonce = "7ypf/xlj9XXwfDPEoM4URrThnpKxHVOQN8NF0YwIvJ0";
    String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    DigestCredentials sha = new DigestCredentials("Mufasa", "http-auth@example.org", "GET",
        "/dir/index.html", nonce, "00000001", cnonce, "auth", "SHA-256",
        "c3b3e5602dc1b50a19a08c7aeee3958d0783990cc2ceef86213938887a02efac");
    DigestCredentials md5 = new DigestCredentials("Mufasa", "http-auth@example.org", "GET",
        "/dir/index.html", nonce, "00000001", cnonce, "auth", "MD5",
        "021a283c1084f70837b4a85636c9c6b7");
    assertThat(sha.checkPassword("Circle of Life")).isTrue();
    assertThat(md5.checkPassword("Circle of Life")).isTrue();
    assertThat(sha.checkPassword("Circle Of Life")).isFalse();
  }

  @Test
  void digestMatchesRfc2617Example() {
    DigestCredentials c = new DigestCredentials("Mufasa", "testrealm@host.com", "GET",
        "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth",
        null, "6629fae49393a05397450978507c4ef1");
    assertThat(c.checkPassword("Circle Of Life")).isTrue();
  }

  @Test
  void digestWithAnUnknownAlgorithmNeverMatches() {
    DigestCredentials c = new DigestCredentials("u", "r", "GET", "/", "n", "00000001", "c", "auth",
        "SHA-1", "00");
    assertThat(c.checkPassword("anything")).isFalse();
  }

  @Test
  void plaintextPasswordIsNeverShown() {
    assertThat(new UsernamePassword("alice", "s3cret").toString()).doesNotContain("s3cret");
  }
}
