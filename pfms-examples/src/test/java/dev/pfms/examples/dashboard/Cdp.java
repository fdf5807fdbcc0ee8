package dev.pfms.examples.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal Chrome DevTools Protocol client over the JDK's WebSocket: launches headless Chromium,
 * attaches to one page and sends commands with timeouts. {@link #close()} always kills the browser
 * and its child processes.
 */
final class Cdp implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private String session;

  private Cdp(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /**
   * Launches Chromium and connects to it.
   *
   * @param chromium the executable
   * @param workDir where the profile and the browser's log go
   * @param startTimeout how long to wait for the DevTools endpoint
   * @return the connected client
   */
  static Cdp launch(Path chromium, Path workDir, Duration startTimeout) throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    Path log = workDir.resolve("chromium.log");
    Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--disable-dev-shm-usage", "--hide-scrollbars", "--remote-debugging-port=0",
        "--user-data-dir=" + workDir.resolve("profile").toAbsolutePath(), "about:blank")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      String ws = null;
      long deadline = System.nanoTime() + startTimeout.toNanos();
      while (ws == null) {
        if (System.nanoTime() > deadline || !p.isAlive()) {
          throw new IOException("Chromium did not open its DevTools endpoint within " + startTimeout
              + (p.isAlive() ? "" : " (it exited with " + p.exitValue() + ")") + "; see " + log);
        }
        Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
        if (m.find()) {
          ws = m.group(1);
        } else {
          Thread.sleep(100);
        }
      }
      Cdp[] self = new Cdp[1];
      WebSocket socket = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().newWebSocketBuilder()
          .connectTimeout(Duration.ofSeconds(10)).buildAsync(URI.create(ws), new Listener(self))
          .get(15, TimeUnit.SECONDS);
      self[0] = new Cdp(p, socket);
      return self[0];
    } catch (IOException | InterruptedException | RuntimeException e) {
      kill(p);
      throw e;
    } catch (Exception e) {
      kill(p);
      throw new IOException("cannot connect to Chromium: " + e, e);
    }
  }

  /**
   * Opens a new page and sends later commands to it.
   *
   * @param width the viewport width
   * @param height the viewport height
   */
  void openPage(int width, int height) throws Exception {
    String target = browser("Target.createTarget", obj().put("url", "about:blank")).get("targetId").asText();
    session = browser("Target.attachToTarget", obj().put("targetId", target).put("flatten", true))
        .get("sessionId").asText();
    send("Page.enable", obj());
    send("Runtime.enable", obj());
    viewport(width, height);
  }

  void viewport(int width, int height) throws Exception {
    send("Emulation.setDeviceMetricsOverride", obj().put("width", width).put("height", height)
        .put("deviceScaleFactor", 1).put("mobile", false));
  }

  /**
   * Sends a command to the page.
   *
   * @param method e.g. {@code Page.navigate}
   * @param params the parameters
   * @return the result
   */
  JsonNode send(String method, ObjectNode params) throws Exception {
    return call(method, params, session);
  }

  private JsonNode browser(String method, ObjectNode params) throws Exception {
    return call(method, params, null);
  }

  private JsonNode call(String method, ObjectNode params, String sessionId) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode msg = obj().put("id", id).put("method", method);
    msg.set("params", params);
    if (sessionId != null) {
      msg.put("sessionId", sessionId);
    }
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    socket.sendText(JSON.writeValueAsString(msg), true).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    JsonNode reply;
    try {
      reply = f.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException(method + " got no reply within " + CALL_TIMEOUT);
    } finally {
      pending.remove(id);
    }
    if (reply.has("error")) {
      throw new IllegalStateException(method + " failed: " + reply.get("error"));
    }
    return reply.get("result");
  }

  /**
   * Evaluates JavaScript in the page (awaiting a promise) and returns its value.
   *
   * @param expression the script
   * @return the value (JSON)
   */
  JsonNode eval(String expression) throws Exception {
    JsonNode r = send("Runtime.evaluate", obj().put("expression", expression).put("awaitPromise", true)
        .put("returnByValue", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("script failed: " + r.get("exceptionDetails"));
    }
    JsonNode v = r.get("result").get("value");
    return v == null ? JSON.nullNode() : v;
  }

  /**
   * Polls a script until it returns true.
   *
   * @param what what is awaited, for the failure message
   * @param expression a script returning a boolean
   * @param timeout how long to wait
   * @param diagnostic a script whose value explains a timeout
   */
  void await(String what, String expression, Duration timeout, String diagnostic) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!eval(expression).asBoolean(false)) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("waited " + timeout + " for " + what + "; page says: " + eval(diagnostic));
      }
      Thread.sleep(200);
    }
  }

  /**
   * Sets the files of a file input, as a user choosing a file does (fires {@code change}).
   *
   * @param selector the input's CSS selector
   * @param file the file
   */
  void chooseFile(String selector, Path file) throws Exception {
    int root = send("DOM.getDocument", obj().put("depth", 0)).get("root").get("nodeId").asInt();
    int node = send("DOM.querySelector", obj().put("nodeId", root).put("selector", selector)).get("nodeId").asInt();
    ObjectNode p = obj().put("nodeId", node);
    p.putArray("files").add(file.toAbsolutePath().toString());
    send("DOM.setFileInputFiles", p);
  }

  /**
   * A PNG of the viewport.
   *
   * @return the image bytes
   */
  byte[] screenshot() throws Exception {
    String data = send("Page.captureScreenshot", obj().put("format", "png")).get("data").asText();
    return java.util.Base64.getDecoder().decode(data);
  }

  /**
   * A PNG of one element of the page (scrolled into view first), at a scale.
   *
   * @param selector the element's CSS selector
   * @param scale e.g. 1 or 0.75
   * @return the image bytes
   */
  byte[] screenshot(String selector, double scale) throws Exception {
    JsonNode r = eval("(() => { const e = document.querySelector('" + selector + "'); e.scrollIntoView();"
        + " const b = e.getBoundingClientRect(); return { x: b.left + window.scrollX, y: b.top + window.scrollY,"
        + " w: b.width, h: b.height }; })()");
    ObjectNode clip = obj().put("x", r.get("x").asDouble()).put("y", r.get("y").asDouble())
        .put("width", r.get("w").asDouble()).put("height", r.get("h").asDouble()).put("scale", scale);
    ObjectNode p = obj().put("format", "png").put("captureBeyondViewport", true);
    p.set("clip", clip);
    return java.util.Base64.getDecoder().decode(send("Page.captureScreenshot", p).get("data").asText());
  }

  static ObjectNode obj() {
    return JSON.createObjectNode();
  }

  @Override
  public void close() {
    socket.abort();
    kill(process);
  }

  private static void kill(Process p) {
    List<ProcessHandle> children = p.descendants().toList();
    p.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      p.waitFor(10, TimeUnit.SECONDS);
      for (ProcessHandle child : children) {
        child.onExit().get(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      // best effort: the processes were sent SIGKILL
    }
  }

  private void dispatch(String text) {
    try {
      JsonNode msg = JSON.readTree(text);
      if (msg.has("id")) {
        CompletableFuture<JsonNode> f = pending.get(msg.get("id").asInt());
        if (f != null) {
          f.complete(msg);
        }
      }
    } catch (IOException e) {
      pending.values().forEach(f -> f.completeExceptionally(e));
    }
  }

  /** Collects text frames into messages; events (messages without an id) are ignored. */
  private static final class Listener implements WebSocket.Listener {
    private final Cdp[] owner;
    private final StringBuilder buffer = new StringBuilder();

    Listener(Cdp[] owner) {
      this.owner = owner;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        String text = buffer.toString();
        buffer.setLength(0);
        if (owner[0] != null) {
          owner[0].dispatch(text);
        }
      }
      ws.request(1);
      return null;
    }
  }
}
