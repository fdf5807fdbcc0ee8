package dev.pfms.examples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

/** The dashboard's defences: access token, slow clients, bind refusal, malformed uploads, log lines. */
class DashboardSecurityTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static DashboardServer server;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    server = DashboardServer.start(Api.config(dir.resolve("consent")).build());
    new Api(server).consent();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static HttpResponse<String> get(URI uri, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyRequestNeedsThisStartsRandomTokenWhichThePrintedUrlCarries() throws Exception {
    String token = server.token().orElseThrow();
    assertThat(token).hasSizeGreaterThanOrEqualTo(43);
    assertThat(server.uri().toString()).endsWith("/?token=" + token);
    assertThat(get(server.baseUri().resolve("/api/summary")).statusCode()).isEqualTo(401);
    assertThat(get(server.baseUri().resolve("/")).statusCode()).isEqualTo(401);
    assertThat(get(server.baseUri().resolve("/api/transactions"), "X-Pfms-Token", token + "x").statusCode()).isEqualTo(401);
    assertThat(get(server.baseUri().resolve("/api/transactions"), "X-Pfms-Token", token).statusCode()).isEqualTo(200);
    assertThat(get(server.baseUri().resolve("/api/summary"), "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);

    HttpResponse<String> page = get(server.uri());
    assertThat(page.statusCode()).isEqualTo(200);
    String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly", "SameSite=Strict");
    assertThat(get(server.baseUri().resolve("/app.js"), "Cookie", cookie.substring(0, cookie.indexOf(';'))).statusCode())
        .isEqualTo(200);
  }

  @Test
  void anotherStartHasAnotherToken() throws Exception {
    try (DashboardServer other = DashboardServer.start(Api.config(dir.resolve("consent-other")).build())) {
      assertThat(other.token()).isNotEqualTo(server.token());
      assertThat(get(other.baseUri().resolve("/api/summary"), "X-Pfms-Token", server.token().orElseThrow()).statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void slowClientsDoNotBlockOthersAndAreDisconnected() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        Socket s = new Socket("127.0.0.1", server.port());
        s.getOutputStream().write("GET /api/summary HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        slow.add(s);
      }
      // eight clients that never finish their headers (twice the old pool) do not stop a ninth
      assertThat(get(server.baseUri().resolve("/api/summary"), "X-Pfms-Token", server.token().orElseThrow())
          .statusCode()).isEqualTo(200);
      // and the server closes them once the request time limit passes
      Socket first = slow.get(0);
      first.setSoTimeout(60_000);
      int r;
      try {
        InputStream in = first.getInputStream();
        do {
          r = in.read();
        } while (r >= 0);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the server kept a slow client's connection open for over a minute", e);
      } catch (java.io.IOException reset) {
        r = -1;
      }
      assertThat(r).isEqualTo(-1);
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void refusesANonLoopbackBindWithoutTheToken() {
    assertThatThrownBy(() -> DashboardServer.start(Api.config(dir.resolve("consent-bind")).bind("0.0.0.0")
        .noToken(true).build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without an access token");
  }

  @Test
  void aMalformedMultipartUploadIs400() throws Exception {
    for (String type : List.of("multipart/form-data", "multipart/form-data; boundary=xyz")) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve("/api/upload"))
          .timeout(Duration.ofSeconds(30)).header("X-Pfms-Token", server.token().orElseThrow())
          .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString("--xyz\r\nContent-Disp")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(type).isEqualTo(400);
      assertThat(r.body()).contains("multipart");
    }
  }

  @Test
  void logLinesEscapeControlCharactersSoNoRequestForgesALine() throws Exception {
    assertThat(DashboardServer.escape("/x\n2026-01-01 INFO forged")).doesNotContain("\n").contains("\\u000a");
    assertThat(DashboardServer.escape("/a\r\u001b[31m\"\\")).doesNotContain("\r", "\u001b", "\"").startsWith("/a");
    assertThat(DashboardServer.escape("x".repeat(500))).hasSizeLessThan(210);
    // a raw request with %0a in the path is answered, not logged as two lines (the escape is what logs use)
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET /nope%0aFORGED HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pfms-Token: " + server.token().orElseThrow()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      s.setSoTimeout(30_000);
      String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(status).startsWith("HTTP/1.1 404");
    }
  }
}
