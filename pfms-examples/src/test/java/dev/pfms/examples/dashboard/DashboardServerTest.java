package dev.pfms.examples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pfms.core.sample.SampleGenerator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API over real HTTP, on a small generated export (6 months, one server for the class, rules categorizer). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class DashboardServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static DashboardServer server;
  private static byte[] csv;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    SampleGenerator.writeCsv(SampleGenerator.builder().seed(7).months(6).build().generate(), dir);
    csv = Files.readAllBytes(dir.resolve("transactions.csv"));
    // the API is under test here, not the model: the rules categorizer keeps training instant
    server = DashboardServer.start(Api.config(dir.resolve("consent")).maxUploadBytes(512 * 1024).build());
    new Api(server).consent();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void servesThePageAndItsScriptFromTheJarWithAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<svg id=\"chart-categories\"", "app.js").doesNotContain("http://", "https://");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v)
        .contains("default-src 'self'"));
    assertThat(get("/app.js").body()).contains("/api/upload").doesNotContain("innerHTML");
    assertThat(get("/../pom.xml").statusCode()).isEqualTo(404);
  }

  @Test
  @Order(2)
  void answersEmptyBeforeTheFirstUploadAndRefusesAFirstFileTooSmallToAnalyzeWithoutStoringIt() throws Exception {
    String one = "Date,Account,Description,Amount,Currency,Balance\n2024-01-02,current,TESCO,-12.00,GBP,100.00\n";
    HttpResponse<String> tiny = post("/api/upload", one.getBytes(StandardCharsets.UTF_8), "text/csv");
    assertThat(tiny.statusCode()).as(tiny.body()).isEqualTo(422);
    assertThat(json(tiny).get("error").asText()).startsWith("the file was read but cannot be analyzed");
    assertThat(json(get("/api/summary")).get("loaded").asBoolean()).isFalse();
    assertThat(get("/api/forecast").statusCode()).isEqualTo(409);
  }

  @Test
  @Order(3)
  void refusesAnOversizedUploadWith413AndAClearMessage() throws Exception {
    byte[] big = new byte[600 * 1024];
    HttpResponse<String> r = post("/api/upload", big, "text/csv");
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).get("error").asText()).contains("too large", String.valueOf(512 * 1024));
  }

  @Test
  @Order(4)
  void rejectsABadCsvNamingTheLineAndFieldAndKeepsTheGoodRowsOfAPartlyBadOne() throws Exception {
    String allBad = "Date,Account,Description,Amount,Currency,Balance\n2024-01-03,current,SHELL,-abc,GBP,88.00\n";
    HttpResponse<String> r = post("/api/upload", allBad.getBytes(StandardCharsets.UTF_8), "text/csv");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode e = json(r);
    assertThat(e.get("line").asLong()).isEqualTo(2);
    assertThat(e.get("field").asText()).isEqualToIgnoringCase("Amount");
    assertThat(e.get("error").asText()).containsIgnoringCase("amount");

    String[] lines = new String(csv, StandardCharsets.UTF_8).split("\n", -1);
    lines[2] = lines[2].replaceFirst(",-?\\d+\\.\\d\\d,GBP,", ",-12.3x,GBP,");
    HttpResponse<String> partly = post("/api/upload", String.join("\n", lines).getBytes(StandardCharsets.UTF_8),
        "text/csv");
    assertThat(partly.statusCode()).as(partly.body()).isEqualTo(200);
    JsonNode s = json(partly);
    assertThat(s.get("problems").asInt()).isEqualTo(1);
    long rows = java.util.Arrays.stream(lines).filter(l -> !l.isBlank()).count() - 1;
    assertThat(s.get("transactions").asInt()).isEqualTo(rows - 1);
    assertThat(s.get("firstProblems").get(0).get("field").asText()).isEqualToIgnoringCase("Amount");
    assertThat(s.get("firstProblems").get(0).get("line").asLong()).isEqualTo(3);

    // with data stored, a one-row statement is simply added (incremental import)
    String one = "Date,Account,Description,Amount,Currency,Balance\n2024-01-02,current,TESCO,-12.00,GBP,100.00\n";
    HttpResponse<String> tiny = post("/api/upload", one.getBytes(StandardCharsets.UTF_8), "text/csv");
    assertThat(tiny.statusCode()).as(tiny.body()).isEqualTo(200);
    assertThat(json(tiny).get("imported").get("added").asInt()).isEqualTo(1);
    assertThat(json(get("/api/summary")).get("transactions").asInt()).isEqualTo(rows);
  }

  @Test
  @Order(5)
  void uploadsAMultipartFormThenListsCategorizedTransactionsAnomaliesAndAForecast() throws Exception {
    String boundary = "----pfmsTestBoundary";
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bank.csv\"\r\n"
        + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + csv.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(csv, 0, body, head.length, csv.length);
    System.arraycopy(tail, 0, body, head.length + csv.length, tail.length);
    HttpResponse<String> r = post("/api/upload", body, "multipart/form-data; boundary=" + boundary);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode s = json(r);
    int lines = (int) new String(csv, StandardCharsets.UTF_8).lines().count() - 1;
    // the store had every row but the one made bad in the test before, plus the one-row statement
    assertThat(s.get("imported").get("added").asInt()).isEqualTo(1);
    assertThat(s.get("imported").get("skipped").asInt()).isEqualTo(lines - 1);
    assertThat(s.get("transactions").asInt()).isEqualTo(lines + 1);
    assertThat(s.get("source").asText()).isEqualTo("bank.csv");
    assertThat(s.get("spendingByCategory")).isNotEmpty();

    JsonNode page = json(get("/api/transactions?limit=5"));
    assertThat(page.get("total").asInt()).isEqualTo(lines + 1);
    assertThat(page.get("items")).hasSize(5);
    JsonNode first = page.get("items").get(0);
    assertThat(first.get("category").asText()).isNotBlank();
    assertThat(first.get("confidence").asDouble()).isBetween(0.0, 1.0);
    assertThat(first.get("date").asText()).matches("\\d{4}-\\d{2}-\\d{2}");

    JsonNode anomalies = json(get("/api/anomalies"));
    assertThat(anomalies).isNotEmpty();
    assertThat(anomalies.get(0).get("flagged").asBoolean()).isTrue();
    assertThat(anomalies.get(0).get("reasons")).isNotEmpty();

    JsonNode forecast = json(get("/api/forecast"));
    assertThat(forecast.get("history").size()).isGreaterThanOrEqualTo(4);
    assertThat(forecast.get("forecast")).hasSize(3);
    JsonNode p = forecast.get("forecast").get(0);
    assertThat(p.get("lower").asDouble()).isLessThanOrEqualTo(p.get("mean").asDouble());
    assertThat(p.get("upper").asDouble()).isGreaterThanOrEqualTo(p.get("mean").asDouble());
  }

  @Test
  @Order(6)
  void aCorrectionChangesTheTransactionAndTheSpendingSummary() throws Exception {
    JsonNode items = json(get("/api/transactions?q=TESCO&limit=500")).get("items");
    assertThat(items).as("the sample has TESCO purchases").isNotEmpty();
    JsonNode t = items.get(0);
    String target = t.get("category").asText().startsWith("ENTERTAINMENT") ? "TRAVEL_FLIGHTS" : "ENTERTAINMENT_TV_AND_MOVIES";
    String primary = target.startsWith("ENTERTAINMENT") ? "ENTERTAINMENT" : "TRAVEL";
    double before = spend(primary);

    HttpResponse<String> r = post("/api/transactions/" + t.get("id").asText() + "/category",
        ("{\"category\":\"" + target + "\"}").getBytes(StandardCharsets.UTF_8), "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode out = json(r);
    assertThat(out.get("transaction").get("category").asText()).isEqualTo(target);
    assertThat(out.get("transaction").get("corrected").asBoolean()).isTrue();
    assertThat(out.get("changed").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(spend(primary)).isGreaterThanOrEqualTo(before - t.get("amount").asDouble() - 0.005);
    assertThat(json(get("/api/summary")).get("corrections").asInt()).isEqualTo(1);
  }

  @Test
  @Order(7)
  void rejectsAnUnknownCategoryAnUnknownTransactionAndACrossOriginWrite() throws Exception {
    String id = json(get("/api/transactions?limit=1")).get("items").get(0).get("id").asText();
    assertThat(post("/api/transactions/" + id + "/category", "{\"category\":\"NOPE\"}".getBytes(StandardCharsets.UTF_8),
        "application/json").statusCode()).isEqualTo(400);
    assertThat(post("/api/transactions/doesnotexist/category",
        "{\"category\":\"TRAVEL_FLIGHTS\"}".getBytes(StandardCharsets.UTF_8), "application/json").statusCode())
        .isEqualTo(404);
    HttpRequest evil = HttpRequest.newBuilder(server.baseUri().resolve("/api/sample")).timeout(Duration.ofSeconds(10))
        .header("X-Pfms-Token", server.token().orElseThrow())
        .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build();
    assertThat(HTTP.send(evil, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
  }

  private static double spend(String primary) throws Exception {
    for (JsonNode c : json(get("/api/summary")).get("spendingByCategory")) {
      if (c.get("primary").asText().equals(primary)) {
        return c.get("amount").asDouble();
      }
    }
    return 0;
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(60))
        .header("X-Pfms-Token", server.token().orElseThrow()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, byte[] body, String type) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(60))
        .header("X-Pfms-Token", server.token().orElseThrow()).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }
}
