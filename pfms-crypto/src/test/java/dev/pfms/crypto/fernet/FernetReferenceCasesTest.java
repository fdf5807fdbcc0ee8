package dev.pfms.crypto.fernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pfms.crypto.field.FieldEncryptor;
import dev.pfms.crypto.field.FieldKeyset;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every case Python's {@code cryptography} answered in {@code fernet/python-cases.json}
 * (made by {@code tools/reference/fernet/make_cases.py}): pfms must accept exactly the tokens Python
 * accepts, with the same plaintext bytes, and refuse the rest.
 */
class FernetReferenceCasesTest {

  static JsonNode cases() throws Exception {
    try (InputStream in = FernetReferenceCasesTest.class.getResourceAsStream("/fernet/python-cases.json")) {
      JsonNode doc = new ObjectMapper().readTree(in);
      assertThat(doc.get("reference").asText()).startsWith("python3-cryptography");
      return doc.get("cases");
    }
  }

  private static Fernet fernet(JsonNode c) {
    List<FernetKey> keys = new ArrayList<>();
    c.get("keys").forEach(k -> keys.add(FernetKey.parse(k.asText())));
    return Fernet.of(keys.toArray(FernetKey[]::new));
  }

  private static byte[] decrypt(JsonNode c) {
    Fernet f = fernet(c);
    Instant now = Instant.ofEpochSecond(c.get("now").asLong());
    Duration ttl = c.get("ttl").isNull() ? null : Duration.ofSeconds(c.get("ttl").asLong());
    return f.decrypt(c.get("token").asText(), ttl, now);
  }

  @TestFactory
  List<DynamicTest> everyCaseAnswersAsPythonDoes() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases()) {
      tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
        if (c.get("valid").asBoolean()) {
          assertThat(decrypt(c)).isEqualTo(Base64.getDecoder().decode(c.get("plaintextBase64").asText()));
        } else {
          assertThatThrownBy(() -> decrypt(c)).isInstanceOf(FernetException.class);
        }
      }));
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(30);
    return tests;
  }

  @Test
  void theFourCasesThatUsedToDifferAreThere() throws Exception {
    List<String> names = new ArrayList<>();
    cases().forEach(c -> names.add(c.get("name").asText() + "=" + c.get("valid").asBoolean()));
    assertThat(names).contains("future-dated by an hour, no TTL=true", "unpadded (= removed)=false",
        "embedded newline=true", "non-UTF-8 plaintext=true");
  }

  @Test
  void migrationKeepsTheExactBytesOfEveryPythonTokenItAccepts() throws Exception {
    FieldEncryptor target = FieldEncryptor.create(FieldKeyset.generate());
    int migrated = 0;
    for (JsonNode c : cases()) {
      if (!c.get("valid").asBoolean()) {
        continue;
      }
      FernetMigration m = new FernetMigration(fernet(c), target);
      String token = m.migrate("r-1", "note", c.get("token").asText(), Instant.ofEpochSecond(c.get("now").asLong()));
      byte[] back = target.decrypt("r-1", "note", Base64.getUrlDecoder().decode(token));
      assertThat(back).as(c.get("name").asText())
          .isEqualTo(Base64.getDecoder().decode(c.get("plaintextBase64").asText()));
      migrated++;
    }
    assertThat(migrated).isGreaterThan(10);
  }
}
