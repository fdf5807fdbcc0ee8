package dev.pfms.examples.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** A test client of one dashboard server: token on every request; the server's consent in a temporary ledger. */
final class Api {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final DashboardServer server;

  Api(DashboardServer server) {
    this.server = server;
  }

  /**
   * The options tests use: a free port, the instant rules categorizer, a development ledger in
   * {@code consentDir}.
   */
  static DashboardServer.Config.Builder config(Path consentDir) {
    return DashboardServer.Config.builder().port(0).categorizer("rules").consentDir(consentDir).insecureDevKey(true);
  }

  JsonNode consent() throws Exception {
    HttpResponse<String> r = post("/api/consent", new byte[0], "application/json");
    if (r.statusCode() != 200) {
      throw new AssertionError("consent: " + r.statusCode() + " " + r.body());
    }
    return json(r);
  }

  HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(90))
        .header("X-Pfms-Token", server.token().orElseThrow()).build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode getJson(String path) throws Exception {
    HttpResponse<String> r = get(path);
    if (r.statusCode() != 200) {
      throw new AssertionError(path + ": " + r.statusCode() + " " + r.body());
    }
    return json(r);
  }

  HttpResponse<String> post(String path, byte[] body, String type) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(90))
        .header("X-Pfms-Token", server.token().orElseThrow()).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> upload(byte[] csv, String name) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve("/api/upload")).timeout(Duration.ofSeconds(120))
        .header("X-Pfms-Token", server.token().orElseThrow()).header("Content-Type", "text/csv")
        .header("X-Filename", name).POST(HttpRequest.BodyPublishers.ofByteArray(csv)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode postJson(String path, String body) throws Exception {
    HttpResponse<String> r = post(path, body.getBytes(StandardCharsets.UTF_8), "application/json");
    if (r.statusCode() != 200) {
      throw new AssertionError(path + ": " + r.statusCode() + " " + r.body());
    }
    return json(r);
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }
}
