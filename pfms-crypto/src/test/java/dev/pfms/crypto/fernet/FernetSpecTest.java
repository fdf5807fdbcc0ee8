package dev.pfms.crypto.fernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Every vector of the Fernet specification (fernet/spec): generate, verify (with TTL) and invalid. */
class FernetSpecTest {

  private static Path specDir() {
    Path dir = Path.of(System.getProperty("pfms.shared.data", "../shared/data"), "crypto", "fernet-spec");
    Assumptions.assumeTrue(Files.isDirectory(dir), "shared data absent: " + dir + " (Fernet spec vectors)");
    return dir;
  }

  private static JsonNode vectors(String name) throws Exception {
    JsonNode n = new ObjectMapper().readTree(specDir().resolve(name).toFile());
    assertThat(n.size()).as(name + " has vectors").isPositive();
    return n;
  }

  private static Instant now(JsonNode v) {
    return OffsetDateTime.parse(v.get("now").asText()).toInstant();
  }

  @Test
  void generatesExactlyTheSpecTokens() throws Exception {
    for (JsonNode v : vectors("generate.json")) {
      byte[] iv = new byte[16];
      for (int i = 0; i < 16; i++) {
        iv[i] = (byte) v.get("iv").get(i).asInt();
      }
      Fernet f = Fernet.of(FernetKey.parse(v.get("secret").asText()));
      assertThat(f.encrypt(v.get("src").asText().getBytes(StandardCharsets.UTF_8), now(v), iv))
          .isEqualTo(v.get("token").asText());
    }
  }

  @Test
  void verifiesEverySpecTokenWithinItsTtl() throws Exception {
    for (JsonNode v : vectors("verify.json")) {
      Fernet f = Fernet.of(FernetKey.parse(v.get("secret").asText()));
      byte[] plain = f.decrypt(v.get("token").asText(), Duration.ofSeconds(v.get("ttl_sec").asLong()), now(v));
      assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(v.get("src").asText());
    }
  }

  @Test
  void rejectsEveryInvalidSpecTokenWithAReason() throws Exception {
    int n = 0;
    for (JsonNode v : vectors("invalid.json")) {
      Fernet f = Fernet.of(FernetKey.parse(v.get("secret").asText()));
      assertThatThrownBy(() -> f.decrypt(v.get("token").asText(), Duration.ofSeconds(v.get("ttl_sec").asLong()), now(v)))
          .as(v.get("desc").asText()).isInstanceOf(FernetException.class)
          .hasMessageNotContaining(v.get("secret").asText());
      n++;
    }
    assertThat(n).isEqualTo(8);
  }

  @Test
  void roundTripsWithRandomIvAndReadsWithOlderKeysAfterRotation() {
    SecureRandom rnd = new SecureRandom();
    FernetKey old = FernetKey.generate(rnd);
    FernetKey current = FernetKey.generate(rnd);
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    String token = Fernet.of(old).encrypt("IBAN GB33BUKB20201555555555".getBytes(StandardCharsets.UTF_8), t, rnd);
    assertThat(new String(Fernet.of(current, old).decrypt(token, t.plusSeconds(5)), StandardCharsets.UTF_8))
        .isEqualTo("IBAN GB33BUKB20201555555555");
    assertThatThrownBy(() -> Fernet.of(current).decrypt(token, t)).isInstanceOf(FernetException.class)
        .hasMessageContaining("HMAC");
    assertThat(Fernet.timestampOf(token)).isEqualTo(t);
    assertThat(FernetKey.parse(old.encode()).encode()).isEqualTo(old.encode());
    assertThat(old.toString()).doesNotContain(old.encode()).doesNotContain(old.encode().substring(0, 20));
  }

  @Test
  void rejectsMalformedKeysWithoutEchoingThem() {
    assertThatThrownBy(() -> FernetKey.parse("c2hvcnQ=")).hasMessageContaining("32 bytes").hasMessageNotContaining("c2hvcnQ");
    assertThatThrownBy(() -> FernetKey.parse("%%%")).hasMessageNotContaining("%%%");
  }
}
