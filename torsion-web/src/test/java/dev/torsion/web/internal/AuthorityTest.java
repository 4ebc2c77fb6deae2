package dev.torsion.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthorityTest {
  @Test
  void bracketsAnIpv6LiteralOnlyOnce() {
    assertThat(Authority.bracketed("::1")).isEqualTo("[::1]");
    assertThat(Authority.bracketed("[::1]")).isEqualTo("[::1]");
    assertThat(Authority.bracketed("example.com")).isEqualTo("example.com");
    assertThat(Authority.bracketed("127.0.0.1")).isEqualTo("127.0.0.1");
  }

  @Test
  void dropsThePortButKeepsTheBracketsOfAHostHeader() {
    assertThat(Authority.withoutPort("example.com:8080")).isEqualTo("example.com");
    assertThat(Authority.withoutPort("example.com")).isEqualTo("example.com");
    assertThat(Authority.withoutPort("[::1]:8080")).isEqualTo("[::1]");
    assertThat(Authority.withoutPort("[::1]")).isEqualTo("[::1]");
    assertThat(Authority.withoutPort("[::1")).isEqualTo("[::1"); // unclosed: left as sent
  }
}
