package dev.pfms.api.consent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.Purpose;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConsentChainTest {

  private final ConsentEvent event = new ConsentEvent("s-\"1\"", Purpose.SHARING, "bank:x", true,
      Instant.parse("2025-01-02T03:04:05Z"), Instant.parse("2026-01-01T00:00:00Z"), "app");

  @Test
  void canonicalFormHasFixedFieldOrderAndEscapesStrings() {
    assertThat(ConsentChain.canonical(3, event, ConsentChain.GENESIS)).isEqualTo(
        "{\"seq\":3,\"subject\":\"s-\\\"1\\\"\",\"purpose\":\"SHARING\",\"scope\":\"bank:x\",\"granted\":true,"
            + "\"time\":\"2025-01-02T03:04:05Z\",\"expiry\":\"2026-01-01T00:00:00Z\",\"actor\":\"app\",\"prev\":\""
            + "0".repeat(64) + "\"}");
  }

  @Test
  void hashIsSha256OfTheCanonicalTextAndChangesWithAnyField() {
    String h = ConsentChain.hash(3, event, ConsentChain.GENESIS);
    assertThat(h).hasSize(64).matches("[0-9a-f]+");
    assertThat(ConsentChain.hash(4, event, ConsentChain.GENESIS)).isNotEqualTo(h);
    assertThat(ConsentChain.hash(3, event, "1".repeat(64))).isNotEqualTo(h);
    ConsentEvent revoked = new ConsentEvent(event.subject(), event.purpose(), event.scope(), false, event.time(),
        event.expiry(), event.actor());
    assertThat(ConsentChain.hash(3, revoked, ConsentChain.GENESIS)).isNotEqualTo(h);
    // SHA-256 of "abc", a published test vector.
    assertThat(ConsentChain.sha256Hex("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
