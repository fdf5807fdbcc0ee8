package dev.pfms.examples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pfms.core.sample.SampleGenerator;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Consent on first use: every data endpoint refuses until the user records it, and again after a revocation. */
@Timeout(180)
class DashboardConsentTest {

  private static final List<String> DATA_GETS = List.of("/api/summary", "/api/transactions", "/api/anomalies",
      "/api/forecast", "/api/income", "/api/recurring", "/api/cashflow", "/api/export.csv");

  @Test
  void refusesEveryDataEndpointUntilConsentIsRecordedThenShowsTheReceiptAndARevocationStopsProcessing(
      @TempDir Path dir) throws Exception {
    SampleGenerator.writeCsv(SampleGenerator.builder().seed(3).months(4).build().generate(), dir);
    byte[] csv = Files.readAllBytes(dir.resolve("transactions.csv"));
    Path consentDir = dir.resolve("consent");
    Path db = dir.resolve("pfms.db");
    try (DashboardServer server = DashboardServer.start(Api.config(consentDir).db(db).build())) {
      Api api = new Api(server);
      JsonNode status = api.getJson("/api/consent");
      assertThat(status.get("granted").asBoolean()).isFalse();
      assertThat(status.get("purposes")).hasSize(4);
      assertThat(status.get("reason").asText()).contains("local-user");
      // the page (to show the consent screen) and the taxonomy are not the user's data
      assertThat(api.get("/").statusCode()).isEqualTo(200);
      assertThat(api.get("/api/categories").statusCode()).isEqualTo(200);
      for (String path : DATA_GETS) {
        assertRefused(api.get(path), path);
      }
      assertRefused(api.upload(csv, "bank.csv"), "upload");
      assertRefused(api.post("/api/sample", new byte[0], "application/json"), "sample");
      assertRefused(api.post("/api/transactions/abc/dismiss", new byte[0], "application/json"), "dismiss");

      JsonNode granted = api.consent();
      assertThat(granted.get("granted").asBoolean()).isTrue();
      assertThat(granted.get("entries").asLong()).isEqualTo(4);
      assertThat(granted.get("receipt").toString()).contains("local-user", "CATEGORIZATION", "FORECASTING", "STORAGE");
      Path receipt = Path.of(granted.get("receiptPath").asText());
      assertThat(receipt).isEqualTo(consentDir.resolve("consent-receipt.json"));
      assertThat(Files.readString(receipt)).contains("local-user");
      assertThat(api.consent().get("entries").asLong()).as("consenting again adds nothing").isEqualTo(4);
      // nothing was stored while refused
      assertThat(api.getJson("/api/summary").get("loaded").asBoolean()).isFalse();

      HttpResponse<String> up = api.upload(csv, "bank.csv");
      assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
      assertThat(api.getJson("/api/summary").get("transactions").asInt()).isPositive();

      JsonNode revoked = api.postJson("/api/consent/revoke", "");
      assertThat(revoked.get("granted").asBoolean()).isFalse();
      assertThat(revoked.get("entries").asLong()).isEqualTo(8);
      for (String path : DATA_GETS) {
        assertRefused(api.get(path), path);
      }
      assertRefused(api.upload(csv, "bank.csv"), "upload after revoking");
    }
    // the revocation is in the ledger: a new start still refuses until consent is given again
    try (DashboardServer server = DashboardServer.start(Api.config(consentDir).db(db).build())) {
      Api api = new Api(server);
      assertRefused(api.get("/api/summary"), "summary after a restart");
      api.consent();
      assertThat(api.getJson("/api/summary").get("transactions").asInt()).as("the store kept the data").isPositive();
    }
  }

  @Test
  void aTamperedLedgerRefusesProcessing(@TempDir Path dir) throws Exception {
    Path consentDir = dir.resolve("consent");
    try (DashboardServer server = DashboardServer.start(Api.config(consentDir).build())) {
      new Api(server).consent();
      new Api(server).postJson("/api/consent/revoke", "");
    }
    // roll back the revocations: drop the last four lines
    Path ledger = consentDir.resolve("consent.jsonl");
    List<String> lines = Files.readAllLines(ledger, StandardCharsets.UTF_8);
    Files.write(ledger, lines.subList(0, lines.size() - 4), StandardCharsets.UTF_8);
    try (DashboardServer server = DashboardServer.start(Api.config(consentDir).build())) {
      Api api = new Api(server);
      assertRefused(api.get("/api/summary"), "summary on a rolled-back ledger");
      HttpResponse<String> again = api.post("/api/consent", new byte[0], "application/json");
      assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
      assertThat(Api.json(again).get("reason").asText()).contains("verification");
      assertRefused(api.get("/api/summary"), "summary after a refused consent");
    }
  }

  private static void assertRefused(HttpResponse<String> r, String what) throws Exception {
    assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(403);
    JsonNode e = Api.json(r);
    assertThat(e.get("consentRequired").asBoolean()).as(what).isTrue();
    assertThat(e.get("error").asText()).as(what).startsWith("consent required");
    assertThat(e.get("reason").asText()).as(what).isNotBlank();
  }
}
