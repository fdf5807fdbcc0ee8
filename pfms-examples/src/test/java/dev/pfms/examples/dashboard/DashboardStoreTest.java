package dev.pfms.examples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pfms.api.store.CategorySource;
import dev.pfms.api.store.Store;
import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.store.Stores;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard keeps its state in the store: a restart on the same file shows the same data, corrections and dismissals. */
@Timeout(240)
class DashboardStoreTest {

  /** The development field keys of a consent directory, as the dashboard opens them. */
  private static dev.pfms.api.store.FieldProtector keys(Path consentDir) throws java.io.IOException {
    return dev.pfms.examples.support.LocalKeys.open(consentDir, null).protector();
  }

  @Test
  void aPayeeNamedInTheDashboardIsKeptInTheStoreAndAppliedAfterARestart(@TempDir Path dir) throws Exception {
    byte[] csv = ("Date,Account,Description,Amount,Currency,Balance\n"
        + "2024-01-02,current,AMZNMKTPLACE 2X3,-12.00,GBP,100.00\n"
        + "2024-01-09,current,AMZNMKTPLACE 9Q1 LEEDS,-30.00,GBP,70.00\n"
        + "2024-01-10,current,TESCO STORES 1234,-20.00,GBP,50.00\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Path db = dir.resolve("pfms.db");
    Path consent = dir.resolve("consent");
    try (DashboardServer server = DashboardServer.start(Api.config(consent).db(db).build())) {
      Api api = new Api(server);
      api.consent();
      api.upload(csv, "bank.csv");
      String id = api.getJson("/api/transactions?q=2X3&limit=1").get("items").get(0).get("id").asText();
      JsonNode named = api.postJson("/api/transactions/" + id + "/payee", "{\"payee\": \"Amazon\", \"confirm\": true}");
      assertThat(named.get("payee").asText()).isEqualTo("Amazon");
      assertThat(api.post("/api/transactions/" + id + "/payee", "{\"payee\": \" \"}".getBytes(), "application/json")
          .statusCode()).isEqualTo(400);
      assertThat(api.post("/api/transactions/nope/payee", "{\"payee\": \"X\"}".getBytes(), "application/json")
          .statusCode()).isEqualTo(404);
    }
    try (Store s = DashboardServer.sqlite(db, keys(consent))) {
      assertThat(s.payeeTeachings()).singleElement().satisfies(t -> assertThat(t.payee()).isEqualTo("Amazon"));
    }
    try (DashboardServer server = DashboardServer.start(Api.config(consent).db(db).build())) {
      Api api = new Api(server);
      JsonNode leeds = api.getJson("/api/transactions?q=9Q1&limit=1").get("items").get(0);
      assertThat(leeds.get("explanation").toString()).as("the payee is applied and named after a restart")
          .contains("payee Amazon");
    }
  }

  @Test
  void aStoreFilledElsewhereThatCannotBeAnalyzedIs422NotAnInternalError(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("pfms.db");
    String one = "Date,Account,Description,Amount,Currency,Balance\n2024-01-02,current,TESCO,-12.00,GBP,100.00\n";
    var source = dev.pfms.api.spi.IngestSource.of("one.csv", one.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    var report = dev.pfms.api.Pfms.ingestorFor(source).ingest(source);
    try (Store s = DashboardServer.sqlite(db, keys(dir.resolve("consent")))) {
      assertThat(s.importStatement("one.csv", report.transactions(), report.problems()).added()).isEqualTo(1);
    }
    try (DashboardServer server = DashboardServer.start(Api.config(dir.resolve("consent")).db(db).build())) {
      Api api = new Api(server);
      api.consent();
      HttpResponse<String> r = api.get("/api/summary");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
      assertThat(Api.json(r).get("error").asText()).startsWith("the stored transactions cannot be analyzed");
    }
  }

  @Test
  void uploadsAreIncrementalAndARestartShowsTheSameDataCorrectionsAndDismissals(@TempDir Path dir) throws Exception {
    SampleGenerator.writeCsv(SampleGenerator.builder().seed(11).months(6).build().generate(), dir);
    byte[] csv = Files.readAllBytes(dir.resolve("transactions.csv"));
    int rows = (int) Files.readAllLines(dir.resolve("transactions.csv")).stream().filter(l -> !l.isBlank()).count() - 1;
    Path db = dir.resolve("pfms.db");
    Path consent = dir.resolve("consent");
    String corrected;
    String dismissed;
    JsonNode before;
    try (DashboardServer server = DashboardServer.start(Api.config(consent).db(db).build())) {
      assertThat(server.storeLocation()).contains("pfms.db");
      Api api = new Api(server);
      api.consent();
      JsonNode first = Api.json(api.upload(csv, "bank.csv"));
      assertThat(first.get("imported").get("added").asInt()).isEqualTo(rows);
      JsonNode again = Api.json(api.upload(csv, "bank.csv"));
      assertThat(again.get("imported").get("added").asInt()).as("a re-upload adds nothing").isZero();
      assertThat(again.get("imported").get("skipped").asInt()).isEqualTo(rows);
      assertThat(again.get("transactions").asInt()).isEqualTo(rows);

      JsonNode tesco = api.getJson("/api/transactions?q=TESCO&limit=1").get("items").get(0);
      corrected = tesco.get("id").asText();
      api.postJson("/api/transactions/" + corrected + "/category", "{\"category\":\"ENTERTAINMENT_TV_AND_MOVIES\"}");
      JsonNode flagged = api.getJson("/api/anomalies?limit=50");
      assertThat(flagged).isNotEmpty();
      dismissed = flagged.get(0).get("id").asText();
      JsonNode d = api.postJson("/api/transactions/" + dismissed + "/dismiss", "");
      assertThat(d.get("dismissed").asBoolean()).isTrue();
      assertThat(d.get("flagged").asBoolean()).isFalse();
      before = api.getJson("/api/summary");
    }

    // what the store itself holds: the correction as a USER category, the dismissal
    try (Store s = DashboardServer.sqlite(db, keys(consent))) {
      assertThat(s.transactionCount()).isEqualTo(rows);
      assertThat(s.transaction(corrected).orElseThrow().categorySource()).isEqualTo(CategorySource.USER);
      assertThat(s.dismissedAnomalies()).containsExactly(dismissed);
    }

    try (DashboardServer server = DashboardServer.start(Api.config(consent).db(db).build())) {
      Api api = new Api(server);
      JsonNode after = api.getJson("/api/summary");
      assertThat(after.get("transactions").asInt()).isEqualTo(rows);
      assertThat(after.get("corrections").asInt()).isEqualTo(1);
      assertThat(after.get("dismissed").asInt()).isEqualTo(before.get("dismissed").asInt()).isPositive();
      assertThat(after.get("flagged").asInt()).isEqualTo(before.get("flagged").asInt());
      assertThat(after.get("spending")).isEqualTo(before.get("spending"));
      JsonNode row = api.getJson("/api/transactions?q=TESCO&limit=500").get("items");
      JsonNode c = null;
      for (JsonNode r : row) {
        if (r.get("id").asText().equals(corrected)) {
          c = r;
        }
      }
      assertThat(c).isNotNull();
      assertThat(c.get("category").asText()).isEqualTo("ENTERTAINMENT_TV_AND_MOVIES");
      assertThat(c.get("corrected").asBoolean()).isTrue();
      for (JsonNode a : api.getJson("/api/anomalies?limit=500")) {
        assertThat(a.get("id").asText()).as("a dismissed flag stays dismissed").isNotEqualTo(dismissed);
      }
      HttpResponse<String> third = api.upload(csv, "bank.csv");
      assertThat(Api.json(third).get("imported").get("added").asInt()).isZero();
      // restoring the flag brings it back
      assertThat(api.postJson("/api/transactions/" + dismissed + "/restore", "").get("flagged").asBoolean()).isTrue();
    }
  }

  @Test
  void aRejectedOrConfirmedTransferPairIsRememberedAcrossARestart(@TempDir Path dir) throws Exception {
    SampleGenerator.writeCsv(SampleGenerator.builder().seed(11).months(6).build().generate(), dir);
    byte[] csv = Files.readAllBytes(dir.resolve("transactions.csv"));
    Path db = dir.resolve("pfms.db");
    Path consent = dir.resolve("consent");
    String out;
    String in;
    int pairs;
    try (DashboardServer server = DashboardServer.start(Api.config(consent).db(db).build())) {
      Api api = new Api(server);
      api.consent();
      api.upload(csv, "bank.csv");
      pairs = api.getJson("/api/summary").get("transferPairs").asInt();
      assertThat(pairs).as("card repayments are matched").isPositive();
      JsonNode leg = null;
      for (JsonNode t : api.getJson("/api/transactions?limit=500").get("items")) {
        if (t.hasNonNull("transferOut")) {
          leg = t;
          break;
        }
      }
      assertThat(leg).isNotNull();
      out = leg.get("transferOut").asText();
      in = leg.get("transferIn").asText();
      assertThat(api.post("/api/transfers/" + in + "/" + out + "/reject", new byte[0], "application/json")
          .statusCode()).as("legs the wrong way round").isEqualTo(400);
      assertThat(api.post("/api/transfers/nope/" + in + "/reject", new byte[0], "application/json").statusCode())
          .isEqualTo(404);
      JsonNode rejected = api.postJson("/api/transfers/" + out + "/" + in + "/reject", "");
      assertThat(rejected.get("transferPairs").asInt()).isEqualTo(pairs - 1);
    }
    try (Store s = DashboardServer.sqlite(db, keys(consent))) {
      assertThat(s.transferDecisions()).singleElement().satisfies(d -> {
        assertThat(d.outId()).isEqualTo(out);
        assertThat(d.confirmed()).isFalse();
      });
    }
    try (DashboardServer server = DashboardServer.start(Api.config(consent).db(db).build())) {
      Api api = new Api(server);
      assertThat(api.getJson("/api/summary").get("transferPairs").asInt()).as("after a restart").isEqualTo(pairs - 1);
      JsonNode forgotten = api.postJson("/api/transfers/" + out + "/" + in + "/forget", "");
      assertThat(forgotten.get("transferPairs").asInt()).isEqualTo(pairs);
    }
  }
}
