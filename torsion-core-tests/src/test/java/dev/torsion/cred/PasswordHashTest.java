package dev.torsion.cred;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class PasswordHashTest {
  @Test
  void bcryptVerifiesPublishedVectors() {
    // From OpenBSD's and jBCrypt's test vectors.
    assertThat(PasswordHash.verify("", "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.")).isTrue();
    assertThat(PasswordHash.verify("abc", "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i")).isTrue();
    assertThat(PasswordHash.verify("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")).isTrue();
    assertThat(PasswordHash.verify("U*V", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")).isFalse();
  }

  @Test
  void bcryptRoundTripsAndNamesItsCost() {
    String h = PasswordHash.bcrypt("s3cret", 4);
    assertThat(h).startsWith("$2b$04$").hasSize(60);
    assertThat(PasswordHash.verify("s3cret", h)).isTrue();
    assertThat(PasswordHash.verify("s3cre", h)).isFalse();
  }

  @Test
  void bcryptUsesOnlyTheFirst72Bytes() {
    String longer = "x".repeat(72);
    String h = PasswordHash.bcrypt(longer, 4);
    assertThat(PasswordHash.verify(longer + "ignored", h)).isTrue();
  }

  @Test
  void pbkdf2VerifiesAHashMadeByPythonsHashlib() {
    // hashlib.pbkdf2_hmac('sha256', b'correct horse', b'0123456789abcdef', 1000), passlib's form.
    String stored = "$pbkdf2-sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg$cBg8D2DungRB9k76szThf5ehfyBz991ay6PT8Srwk4M";
    assertThat(PasswordHash.verify("correct horse", stored)).isTrue();
    assertThat(PasswordHash.verify("correct horsE", stored)).isFalse();
  }

  @Test
  void pbkdf2RoundTrips() {
    String h = PasswordHash.pbkdf2("s3cret", 1000);
    assertThat(h).startsWith("$pbkdf2-sha256$1000$");
    assertThat(PasswordHash.verify("s3cret", h)).isTrue();
  }

  @Test
  void aDecoyHasTheSameAlgorithmAndCostAsTheHashItImitates() {
    assertThat(PasswordHash.decoyLike(PasswordHash.bcrypt("a", 5))).startsWith("$2b$05$");
    assertThat(PasswordHash.decoyLike(PasswordHash.pbkdf2("a", 1234))).startsWith("$pbkdf2-sha256$1234$");
  }

  @Test
  void unknownFormatsAndAbsurdCostsAreRefused() {
    assertThat(PasswordHash.isSupported("plaintext")).isFalse();
    assertThat(PasswordHash.isSupported("$1$md5crypt$xxxx")).isFalse();
    assertThat(PasswordHash.isSupported("$2b$99$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")).isFalse();
    assertThat(PasswordHash.isSupported("$pbkdf2-sha256$999999999999$AAAA$AAAA")).isFalse();
    assertThatThrownBy(() -> PasswordHash.verify("x", "nope")).isInstanceOf(IllegalArgumentException.class);
  }
}
