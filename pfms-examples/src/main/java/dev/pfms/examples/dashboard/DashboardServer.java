package dev.pfms.examples.dashboard;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pfms.api.ConsentRequiredException;
import dev.pfms.api.IngestException;
import dev.pfms.api.ModelException;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.Purpose;
import dev.pfms.api.store.Store;
import dev.pfms.crypto.ledger.HashChainConsentLedger;
import dev.pfms.examples.support.LocalConsent;
import dev.pfms.store.Stores;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import dev.pfms.api.model.Taxonomy;
import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.api.spi.IngestSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.Base64;
import java.security.SecureRandom;
import java.security.MessageDigest;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small local dashboard: a JSON API over one user's {@code pfms} analysis and one static page with
 * charts, served by the JDK's {@link HttpServer}.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><th>request</th><th>does</th></tr>
 *   <tr><td>{@code POST /api/upload}</td><td>ingests a bank export (raw body, or multipart form data
 *       with one file); 413 over the size limit, 400 naming line and field on bad input</td></tr>
 *   <tr><td>{@code POST /api/sample}</td><td>loads 12 months of generated sample data</td></tr>
 *   <tr><td>{@code GET /api/summary}</td><td>counts, period, providers, spending by category</td></tr>
 *   <tr><td>{@code GET /api/transactions}</td><td>newest first, with category and confidence;
 *       {@code q}, {@code review}, {@code flagged}, {@code offset}, {@code limit}</td></tr>
 *   <tr><td>{@code POST /api/transactions/{id}/category}</td><td>{@code {"category":"CODE"}}: corrects,
 *       teaches the categorizer, re-analyzes</td></tr>
 *   <tr><td>{@code POST /api/transactions/{id}/payee}</td><td>{@code {"payee":"Amazon","confirm":true}}:
 *       names the payee of that merchant (kept in the store, applied before categorization and named
 *       in the explanation), re-analyzes</td></tr>
 *   <tr><td>{@code GET /api/anomalies}</td><td>flagged transactions, highest score first, with reasons</td></tr>
 *   <tr><td>{@code GET /api/forecast}</td><td>monthly money out and its forecast band; next month per
 *       category</td></tr>
 *   <tr><td>{@code POST /api/transactions/{id}/dismiss}, {@code …/restore}</td><td>dismisses an anomaly
 *       flag as "not unusual" (kept in the store), or restores it</td></tr>
 *   <tr><td>{@code GET /api/income}</td><td>income and expenses per month, transfers left out</td></tr>
 *   <tr><td>{@code GET /api/recurring}</td><td>recurring bills with next date and amount</td></tr>
 *   <tr><td>{@code GET /api/cashflow?threshold=}</td><td>an account's projected balance and the first
 *       day it is expected below the threshold</td></tr>
 *   <tr><td>{@code GET /api/export.csv}</td><td>the filtered transactions as CSV (formula-safe)</td></tr>
 *   <tr><td>{@code GET /api/categories}</td><td>the taxonomy, for the correction menu</td></tr>
 *   <tr><td>{@code GET /api/consent}, {@code POST /api/consent}, {@code POST /api/consent/revoke}</td>
 *       <td>the user's consent: status, record (with the signed receipt), revoke</td></tr>
 * </table>
 *
 * <p>Every view takes the filter {@code from}, {@code to} (ISO dates), {@code account} and
 * {@code category} (a code; a primary code covers its detailed categories).
 *
 * <p><b>Consent</b>: the user's consent (subject {@code local-user}, the purposes of
 * {@code pfms analyze}) lives in the same hash-chain ledger as the CLI's ({@link LocalConsent}: the
 * consent directory, signing key under {@code PFMS_LEDGER_PASSWORD} or the development cleartext key),
 * plus {@code STORAGE} (uploads, corrections and dismissals are kept in the store, as {@code pfms import}).
 * Until it is recorded — on the page's consent screen, {@code POST /api/consent} — every data
 * endpoint answers 403 with a JSON reason; a revocation stops processing at once (the in-memory
 * analysis is dropped, and the pipeline checks the ledger before each step). A ledger that does not
 * verify refuses too (fail closed).
 *
 * <p><b>Store</b>: uploads, corrections and dismissals go through the {@link Store} SPI (SQLite file
 * by default), so a restart on the same store shows the same data, corrections and dismissals.
 *
 * <p>Security, in the spirit of Jupyter's: every start makes a random access token (256 bits),
 * carried by the printed URL ({@code http://127.0.0.1:8080/?token=…}); every request must present it
 * (query {@code token}, header {@code X-Pfms-Token} or {@code Authorization: Bearer}, or the
 * {@code HttpOnly; SameSite=Strict} cookie the page sets when opened with the token), else 401. Binds
 * to 127.0.0.1 by default and then answers only requests addressed to a loopback host name (against
 * DNS rebinding); rejects cross-origin writes. Binding another address warns loudly, and is refused
 * without the token ({@code noToken} is for loopback development only). Against slow clients: a
 * bounded pool of {@value #WORKERS} workers and the JDK server's request and response time limits
 * ({@code sun.net.httpserver.maxReqTime}, {@code maxRspTime}; {@value #MAX_REQ_SECONDS} s and
 * {@value #MAX_RSP_SECONDS} s unless set), after which a connection is closed. Malformed uploads get
 * 400. Logs counts and ids only, never descriptions, amounts or file names, and escapes every control
 * character of a logged path, so no request can forge a log line. One user: see {@link Session} for
 * the concurrency model.
 */
public final class DashboardServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);
  private static final String RESOURCES = "/dev/pfms/examples/dashboard/";
  private static final Map<String, String> STATIC = Map.of(
      "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/app.css", "app.css");
  private static final Pattern TRANSFER_ACTION =
      Pattern.compile("/api/transfers/([A-Za-z0-9_-]{1,128})/([A-Za-z0-9_-]{1,128})/(confirm|reject|forget)");
  private static final Pattern ROW_ACTION =
      Pattern.compile("/api/transactions/([A-Za-z0-9_-]{1,128})/(category|payee|dismiss|restore)");
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  /** Worker threads: a bounded pool. */
  static final int WORKERS = 16;
  /** Seconds a client may take to send a request before its connection is closed. */
  static final int MAX_REQ_SECONDS = 10;
  /** Seconds a client may take to receive a response. */
  static final int MAX_RSP_SECONDS = 60;
  private static final String TOKEN_COOKIE = "pfms_token";
  /** What the dashboard does with the data: the analysis purposes of {@code pfms analyze}, and keeping it in the store. */
  static final List<Purpose> PURPOSES = List.of(Purpose.CATEGORIZATION, Purpose.ANOMALY_DETECTION,
      Purpose.FORECASTING, Purpose.STORAGE);

  static {
    // read once by the JDK's server configuration: set before the first HttpServer is made
    System.setProperty("sun.net.httpserver.maxReqTime",
        System.getProperty("sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQ_SECONDS)));
    System.setProperty("sun.net.httpserver.maxRspTime",
        System.getProperty("sun.net.httpserver.maxRspTime", Integer.toString(MAX_RSP_SECONDS)));
  }

  private final Config config;
  private final String token;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Session session;
  private final Store store;
  private final Path tempStoreDir;
  private final HashChainConsentLedger ledger;
  private final Path consentDir;

  private DashboardServer(Config config) throws IOException {
    this.config = config;
    InetAddress bindAddress = InetAddress.getByName(config.bind());
    if (config.noToken() && !bindAddress.isLoopbackAddress()) {
      throw new IllegalArgumentException("refusing to bind " + config.bind() + " without an access token: anyone on"
          + " the network could read the data; drop noToken (--no-token) or bind 127.0.0.1");
    }
    if (!bindAddress.isLoopbackAddress()) {
      String warning = "WARNING: the pfms dashboard listens on " + config.bind() + ", not on loopback: anyone who can"
          + " reach this address AND has the URL with its token can read and change the loaded data; there is no"
          + " TLS, so the token and the data cross the network in the clear. Bind 127.0.0.1 unless you must.";
      log.warn(warning);
      System.err.println(warning);
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.token = config.noToken() ? null : Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    this.consentDir = config.consentDir() != null ? config.consentDir() : LocalConsent.defaultDirectory();
    LocalConsent.Opened both = LocalConsent.openWithKeys(consentDir, config.insecureDevKey());
    this.ledger = both.ledger();
    dev.pfms.examples.support.LocalKeys keys = both.keys();
    Store opened = null;
    Path temp = null;
    try {
      // the store's personal fields are encrypted with the local keys, the temporary store's too
      if (config.store() != null) {
        opened = config.store().apply(keys.protector());
      } else {
        temp = Files.createTempDirectory("pfms-dashboard");
        opened = sqlite(temp.resolve("pfms.db"), keys.protector());
      }
      this.store = opened;
      this.tempStoreDir = temp;
      this.session = new Session(config.categorizer(), config.detector(), config.forecaster(), store, ledger);
      this.server = HttpServer.create(new InetSocketAddress(bindAddress, config.port()), 0);
    } catch (IOException | RuntimeException e) {
      if (opened != null) {
        opened.close();
      }
      ledger.close();
      throw e;
    }
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(WORKERS, r -> {
      Thread t = new Thread(r, "pfms-dashboard-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Starts a server.
   *
   * @param config the options
   * @return the running server
   * @throws IOException when the address cannot be bound
   */
  public static DashboardServer start(Config config) throws IOException {
    DashboardServer s = new DashboardServer(config);
    s.server.start();
    s.executor.execute(s.session::warmUp);
    log.info("dashboard listening on {} (the access token is in the URL printed on the console)", s.baseUri());
    return s;
  }

  /**
   * The port actually bound (useful with port 0).
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * The page's address with the access token, to print for the user (like Jupyter's).
   *
   * @return e.g. {@code http://127.0.0.1:8080/?token=…}
   */
  public URI uri() {
    return token == null ? baseUri() : URI.create(baseUri() + "?token=" + token);
  }

  /**
   * The page's address without the token (safe to log).
   *
   * @return e.g. {@code http://127.0.0.1:8080/}
   */
  public URI baseUri() {
    InetAddress a = server.getAddress().getAddress();
    String host = a.getHostAddress().contains(":") ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    return URI.create("http://" + host + ":" + port() + "/");
  }

  /**
   * The access token of this start, for API clients (header {@code X-Pfms-Token}).
   *
   * @return the token, or empty with {@code noToken}
   */
  public Optional<String> token() {
    return Optional.ofNullable(token);
  }

  /**
   * Where the data lives.
   *
   * @return the store's location (a temporary file when none was configured)
   */
  public String storeLocation() {
    return store.location();
  }

  /**
   * Stops the server, letting running exchanges finish for up to a second, and closes the store and
   * the ledger (a temporary store is deleted).
   */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    store.close();
    ledger.close();
    if (tempStoreDir != null) {
      try (Stream<Path> files = Files.walk(tempStoreDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        log.info("could not delete the temporary store: {}", e.getClass().getSimpleName());
      }
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    int status = 500;
    try {
      if (!hostAllowed(ex)) {
        status = send(ex, 421, Views.ErrorView.of("this server answers only to a loopback host name"));
      } else if (!tokenAllowed(ex)) {
        status = send(ex, 401, Views.ErrorView.of("missing or wrong access token: open the URL printed when the"
            + " dashboard started (it carries ?token=...)"));
      } else if (!"GET".equals(method) && !originAllowed(ex)) {
        status = send(ex, 403, Views.ErrorView.of("cross-origin request refused"));
      } else if (path.startsWith("/api/")) {
        status = api(ex, method, path);
      } else if ("GET".equals(method) && STATIC.containsKey(path)) {
        status = sendResource(ex, STATIC.get(path));
      } else {
        status = send(ex, 404, Views.ErrorView.of("not found"));
      }
    } catch (ConsentRequiredException e) {
      // revoked (or the ledger stopped verifying) while a request was running
      status = refuse(ex, e);
    } catch (ModelException e) {
      // e.g. a store filled elsewhere (pfms import) with too little history for the detector or forecaster
      log.info("stored data not analyzable: {}", e.getClass().getSimpleName());
      status = send(ex, 422, Views.ErrorView.of("the stored transactions cannot be analyzed: " + e.getMessage()));
    } catch (RuntimeException e) {
      // the message may quote input; log the type only
      log.warn("{} {} failed: {} at {}", escape(method), path.startsWith("/api/transactions/") ? "/api/transactions/{id}"
          : escape(path), e.getClass().getName(), e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "");
      status = send(ex, 500, Views.ErrorView.of("internal error: " + e.getClass().getSimpleName()));
    } finally {
      ex.close();
    }
    log.debug("{} {} -> {}", escape(method), ROW_ACTION.matcher(path).matches() ? "/api/transactions/{id}/…"
        : TRANSFER_ACTION.matcher(path).matches() ? "/api/transfers/{out}/{in}/…"
        : escape(path), status);
  }

  private int api(HttpExchange ex, String method, String path) throws IOException {
    Map<String, String> q = query(ex.getRequestURI());
    switch (path) {
      case "/api/categories":
        return "GET".equals(method) ? send(ex, 200, Views.categories()) : notAllowed(ex);
      case "/api/consent":
        return "GET".equals(method) ? send(ex, 200, consentStatus(false))
            : "POST".equals(method) ? grantConsent(ex) : notAllowed(ex);
      case "/api/consent/revoke":
        return "POST".equals(method) ? revokeConsent(ex) : notAllowed(ex);
      default:
        break;
    }
    // every other endpoint touches the user's data: consent first, failing closed
    try {
      requireConsent();
    } catch (ConsentRequiredException e) {
      return refuse(ex, e);
    }
    Views.Filter f;
    try {
      f = Views.Filter.of(q);
    } catch (IllegalArgumentException e) {
      return send(ex, 400, Views.ErrorView.of(e.getMessage()));
    }
    Matcher tm = TRANSFER_ACTION.matcher(path);
    if (tm.matches()) {
      if (!"POST".equals(method)) {
        return notAllowed(ex);
      }
      Boolean decision = switch (tm.group(3)) {
        case "confirm" -> Boolean.TRUE;
        case "reject" -> Boolean.FALSE;
        default -> null;
      };
      try {
        Session.Snapshot next = session.decideTransfer(tm.group(1), tm.group(2), decision);
        return send(ex, 200, Views.summary(next, f));
      } catch (java.util.NoSuchElementException e) {
        return send(ex, 404, Views.ErrorView.of(e.getMessage()));
      } catch (IllegalArgumentException e) {
        return send(ex, 400, Views.ErrorView.of(e.getMessage()));
      }
    }
    Matcher m = ROW_ACTION.matcher(path);
    if (m.matches()) {
      if (!"POST".equals(method)) {
        return notAllowed(ex);
      }
      return switch (m.group(2)) {
        case "category" -> correct(ex, m.group(1));
        case "payee" -> payee(ex, m.group(1));
        case "dismiss" -> dismiss(ex, m.group(1), true);
        default -> dismiss(ex, m.group(1), false);
      };
    }
    if (!"GET".equals(method) && !path.equals("/api/upload") && !path.equals("/api/sample")) {
      return path.startsWith("/api/") && KNOWN.contains(path) ? notAllowed(ex)
          : send(ex, 404, Views.ErrorView.of("no such endpoint"));
    }
    switch (path) {
      case "/api/upload":
        return "POST".equals(method) ? upload(ex) : notAllowed(ex);
      case "/api/sample":
        return "POST".equals(method) ? sample(ex) : notAllowed(ex);
      case "/api/summary":
        return send(ex, 200, session.snapshot().map(s -> Views.summary(s, f)).orElseGet(Views::empty));
      case "/api/transactions": {
        int offset = intParam(q, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(q, "limit", 50, 1, 500);
        return send(ex, 200, session.snapshot().map(s -> Views.page(s, f, q.getOrDefault("q", ""),
            "true".equals(q.get("review")), "true".equals(q.get("flagged")), offset, limit))
            .orElseGet(() -> new Views.Page(0, 0, List.of())));
      }
      case "/api/anomalies":
        return send(ex, 200, session.snapshot().map(s -> Views.anomalies(s, f, intParam(q, "limit", 20, 1, 500)))
            .orElseGet(List::of));
      case "/api/forecast":
        return withData(ex, s -> Views.forecast(s, f));
      case "/api/income":
        return withData(ex, s -> Views.income(s, f));
      case "/api/recurring":
        return withData(ex, s -> Views.bills(s, f));
      case "/api/cashflow": {
        BigDecimal threshold;
        try {
          threshold = new BigDecimal(q.getOrDefault("threshold", "0"));
        } catch (NumberFormatException e) {
          return send(ex, 400, Views.ErrorView.of("parameter threshold: expected an amount like 250.00"));
        }
        return withData(ex, s -> Views.cashFlow(s, f, threshold));
      }
      case "/api/export.csv":
        return export(ex, f, q);
      default:
        return send(ex, 404, Views.ErrorView.of("no such endpoint"));
    }
  }

  private static final java.util.Set<String> KNOWN = java.util.Set.of("/api/upload", "/api/sample", "/api/summary",
      "/api/transactions", "/api/anomalies", "/api/forecast", "/api/income", "/api/recurring", "/api/cashflow",
      "/api/export.csv");

  private int withData(HttpExchange ex, java.util.function.Function<Session.Snapshot, Object> view) throws IOException {
    Optional<Session.Snapshot> s = session.snapshot();
    return s.isPresent() ? send(ex, 200, view.apply(s.get()))
        : send(ex, 409, Views.ErrorView.of("no data loaded yet: upload a file first"));
  }

  private int export(HttpExchange ex, Views.Filter f, Map<String, String> q) throws IOException {
    Optional<Session.Snapshot> s = session.snapshot();
    if (s.isEmpty()) {
      return send(ex, 409, Views.ErrorView.of("no data loaded yet: upload a file first"));
    }
    List<Integer> rows = Views.filtered(s.get(), f, q.getOrDefault("q", ""), "true".equals(q.get("review")),
        "true".equals(q.get("flagged")));
    byte[] bytes = CsvExport.write(s.get(), rows).getBytes(StandardCharsets.UTF_8);
    log.info("exported {} transactions as CSV", rows.size());
    ex.getResponseHeaders().set("Content-Type", "text/csv; charset=utf-8; header=present");
    ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"pfms-transactions.csv\"");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
    return 200;
  }

  // ---------------------------------------------------------------- consent

  /** The JSON of a refusal: 403 with the ledger's reason (no personal data in it). */
  record ConsentRefusal(String error, String reason, boolean consentRequired) {}

  private int refuse(HttpExchange ex, ConsentRequiredException e) throws IOException {
    log.info("request refused: no valid consent");
    return send(ex, 403, new ConsentRefusal("consent required: record your consent on the dashboard's consent screen"
        + " (POST /api/consent) before any of your data is processed", e.getMessage(), true));
  }

  private void requireConsent() {
    Instant now = Instant.now();
    for (Purpose p : PURPOSES) {
      ledger.require(LocalConsent.SUBJECT, p, now);
    }
  }

  private Map<String, Object> consentStatus(boolean withReceipt) throws IOException {
    Instant now = Instant.now();
    Map<String, Object> out = new LinkedHashMap<>();
    List<Map<String, Object>> purposes = new ArrayList<>();
    boolean all = true;
    String reason = null;
    for (Purpose p : PURPOSES) {
      boolean ok;
      try {
        ledger.require(LocalConsent.SUBJECT, p, now);
        ok = true;
      } catch (ConsentRequiredException e) {
        ok = false;
        reason = reason == null ? e.getMessage() : reason;
      }
      all &= ok;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("purpose", p.name());
      row.put("description", describe(p));
      row.put("granted", ok);
      purposes.add(row);
    }
    out.put("granted", all);
    out.put("subject", LocalConsent.SUBJECT);
    out.put("purposes", purposes);
    out.put("ledger", consentDir.resolve("consent.jsonl").toString());
    out.put("entries", ledger.size());
    if (!all) {
      out.put("reason", reason);
    }
    Path receipt = consentDir.resolve("consent-receipt.json");
    out.put("receiptPath", Files.isRegularFile(receipt) ? receipt.toString() : null);
    if (withReceipt) {
      out.put("receipt", JSON.readTree(ledger.receipt(LocalConsent.SUBJECT, now)));
    }
    return out;
  }

  private static String describe(Purpose p) {
    return switch (p) {
      case CATEGORIZATION -> "categorize your transactions";
      case ANOMALY_DETECTION -> "look for unusual transactions";
      case FORECASTING -> "forecast your spending and balance";
      case STORAGE -> "keep your transactions, corrections and dismissed flags in a local store";
      default -> p.name().toLowerCase(Locale.ROOT);
    };
  }

  private int grantConsent(HttpExchange ex) throws IOException {
    Instant now = Instant.now();
    int added = 0;
    try {
      for (Purpose p : PURPOSES) {
        if (!ledger.isGranted(LocalConsent.SUBJECT, p, now)) {
          ledger.append(ConsentEvent.grant(LocalConsent.SUBJECT, p, Instant.now(), LocalConsent.SUBJECT));
          added++;
        }
      }
      requireConsent();
    } catch (RuntimeException e) {
      // e.g. a ledger that fails verification refuses appends: say so, process nothing
      log.warn("consent could not be recorded: {}", e.getClass().getSimpleName());
      return send(ex, 409, new ConsentRefusal("consent could not be recorded: the consent ledger refuses it"
          + " (see the reason; restore the ledger from a backup)", e.getMessage(), true));
    }
    writeReceipt();
    log.info("consent recorded for {} purposes", added);
    return send(ex, 200, consentStatus(true));
  }

  private int revokeConsent(HttpExchange ex) throws IOException {
    Instant now = Instant.now();
    for (Purpose p : PURPOSES) {
      if (ledger.isGranted(LocalConsent.SUBJECT, p, now)) {
        ledger.append(ConsentEvent.revoke(LocalConsent.SUBJECT, p, Instant.now(), LocalConsent.SUBJECT));
      }
    }
    session.forget();
    writeReceipt();
    log.info("consent revoked: processing stopped");
    return send(ex, 200, consentStatus(true));
  }

  private void writeReceipt() throws IOException {
    Files.writeString(consentDir.resolve("consent-receipt.json"), ledger.receipt(LocalConsent.SUBJECT, Instant.now()),
        StandardCharsets.UTF_8);
  }

  private int upload(HttpExchange ex) throws IOException {
    long declared = contentLength(ex);
    if (declared > config.maxUploadBytes()) {
      return tooLarge(ex, declared);
    }
    byte[] body = readAtMost(ex.getRequestBody(), config.maxUploadBytes());
    if (body == null) {
      return tooLarge(ex, -1);
    }
    String name = Objects.requireNonNullElse(ex.getRequestHeaders().getFirst("X-Filename"), "upload.csv");
    String type = Objects.requireNonNullElse(ex.getRequestHeaders().getFirst("Content-Type"), "");
    if (type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      Multipart.Part part;
      try {
        part = Multipart.firstFile(body, type);
      } catch (IngestException e) {
        log.info("malformed multipart upload refused");
        return send(ex, 400, Views.ErrorView.of("malformed multipart upload: " + e.getMessage()));
      } catch (RuntimeException e) {
        log.info("malformed multipart upload refused: {}", e.getClass().getSimpleName());
        return send(ex, 400, Views.ErrorView.of("malformed multipart upload"));
      }
      body = part.content();
      name = part.filename();
    }
    if (body.length == 0) {
      return send(ex, 400, Views.ErrorView.of("the upload is empty"));
    }
    return load(ex, IngestSource.of(safeName(name), body));
  }

  private int sample(HttpExchange ex) throws IOException {
    Path dir = Files.createTempDirectory("pfms-sample");
    try {
      SampleGenerator.writeCsv(SampleGenerator.builder().seed(42).months(12).build().generate(), dir);
      return load(ex, IngestSource.of("sample.csv", Files.readAllBytes(dir.resolve("transactions.csv"))));
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private int load(HttpExchange ex, IngestSource source) throws IOException {
    try {
      return send(ex, 200, Views.summary(session.load(source), Views.Filter.NONE));
    } catch (IngestException e) {
      log.info("upload rejected at line {}, field {}", e.line(), e.field().orElse("-"));
      return send(ex, 400, new Views.ErrorView(e.getMessage(), e.source(), e.line(), e.field().orElse(null)));
    } catch (ModelException e) {
      // e.g. too little history for a detector or forecaster: the file was fine, the analysis cannot run
      log.info("upload read but not analyzable: {}", e.getClass().getSimpleName());
      return send(ex, 422, Views.ErrorView.of("the file was read but cannot be analyzed: " + e.getMessage()));
    }
  }

  private int correct(HttpExchange ex, String id) throws IOException {
    byte[] body = readAtMost(ex.getRequestBody(), 4096);
    if (body == null) {
      return send(ex, 413, Views.ErrorView.of("request too large"));
    }
    String code;
    try {
      JsonNode n = JSON.readTree(body);
      code = n == null || !n.hasNonNull("category") ? null : n.get("category").asText();
    } catch (IOException e) {
      return send(ex, 400, Views.ErrorView.of("expected JSON like {\"category\": \"FOOD_AND_DRINK_COFFEE\"}"));
    }
    if (code == null || Taxonomy.standard().find(code).isEmpty()) {
      return send(ex, 400, Views.ErrorView.of("unknown category code; see GET /api/categories"));
    }
    Category category = Taxonomy.standard().get(code);
    try {
      Session.Snapshot s = session.correct(id, category);
      Map<String, Object> out = new HashMap<>();
      out.put("transaction", Views.transaction(s, s.index().get(id)));
      out.put("changed", s.lastChanged());
      return send(ex, 200, out);
    } catch (NoSuchElementException e) {
      return send(ex, 404, Views.ErrorView.of("no such transaction"));
    }
  }

  private int payee(HttpExchange ex, String id) throws IOException {
    byte[] body = readAtMost(ex.getRequestBody(), 4096);
    if (body == null) {
      return send(ex, 413, Views.ErrorView.of("request too large"));
    }
    String name;
    boolean confirm;
    try {
      JsonNode n = JSON.readTree(body);
      name = n == null || !n.hasNonNull("payee") || !n.get("payee").isTextual() ? null : n.get("payee").asText();
      confirm = n != null && n.path("confirm").asBoolean(false);
    } catch (IOException e) {
      name = null;
      confirm = false;
    }
    if (name == null || name.isBlank() || name.length() > 200) {
      return send(ex, 400, Views.ErrorView.of("expected JSON like {\"payee\": \"Amazon\", \"confirm\": true}"
          + " with a payee of 1 to 200 characters"));
    }
    try {
      Session.Snapshot s = session.teachPayee(id, name, confirm);
      Map<String, Object> out = new HashMap<>();
      out.put("transaction", Views.transaction(s, s.index().get(id)));
      out.put("payee", name.trim());
      out.put("confirmed", confirm);
      return send(ex, 200, out);
    } catch (NoSuchElementException e) {
      return send(ex, 404, Views.ErrorView.of("no such transaction"));
    } catch (IllegalArgumentException e) {
      return send(ex, 400, Views.ErrorView.of("this transaction's description has no words to name a payee by"));
    }
  }

  private int dismiss(HttpExchange ex, String id, boolean dismiss) throws IOException {
    try {
      Session.Snapshot s = session.dismiss(id, dismiss);
      return send(ex, 200, Views.transaction(s, s.index().get(id)));
    } catch (NoSuchElementException e) {
      return send(ex, 404, Views.ErrorView.of("no such transaction"));
    }
  }

  private int tooLarge(HttpExchange ex, long declared) throws IOException {
    log.info("upload refused: {} bytes declared, limit {}", declared, config.maxUploadBytes());
    ex.getResponseHeaders().set("Connection", "close");
    return send(ex, 413, Views.ErrorView.of("upload too large: the limit is " + config.maxUploadBytes() + " bytes"));
  }

  private boolean hostAllowed(HttpExchange ex) {
    if (!server.getAddress().getAddress().isLoopbackAddress()) {
      return true;
    }
    String host = ex.getRequestHeaders().getFirst("Host");
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
    return h.equals("127.0.0.1") || h.equals("localhost") || h.equals("[::1]");
  }

  /**
   * Whether the request carries this start's token; a page opened with {@code ?token=} also gets the
   * token as an {@code HttpOnly; SameSite=Strict} cookie so its scripts' requests carry it.
   */
  private boolean tokenAllowed(HttpExchange ex) {
    if (token == null) {
      return true;
    }
    String fromQuery = query(ex.getRequestURI()).get("token");
    String supplied = fromQuery;
    if (supplied == null) {
      supplied = ex.getRequestHeaders().getFirst("X-Pfms-Token");
    }
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (supplied == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      supplied = auth.substring(7).trim();
    }
    if (supplied == null) {
      supplied = cookie(ex, TOKEN_COOKIE);
    }
    boolean ok = supplied != null && MessageDigest.isEqual(supplied.getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
    if (ok && fromQuery != null) {
      ex.getResponseHeaders().add("Set-Cookie", TOKEN_COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
    }
    return ok;
  }

  private static String cookie(HttpExchange ex, String name) {
    for (String header : ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
      for (String c : header.split(";")) {
        String kv = c.trim();
        if (kv.startsWith(name + "=")) {
          return kv.substring(name.length() + 1);
        }
      }
    }
    return null;
  }

  /**
   * A request-controlled text made safe for one log line: control characters, quotes, backslashes
   * and non-ASCII become backslash-u escapes (four hex digits); at most 200 characters.
   *
   * @param s the text
   * @return the escaped text
   */
  static String escape(String s) {
    if (s == null) {
      return "-";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), 200) + 8);
    for (int i = 0; i < s.length() && b.length() < 200; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '\\' || c == '"') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return s.length() > 200 ? b + "..." : b.toString();
  }

  private static boolean originAllowed(HttpExchange ex) {
    String origin = ex.getRequestHeaders().getFirst("Origin");
    String host = ex.getRequestHeaders().getFirst("Host");
    return origin == null || (host != null && origin.equalsIgnoreCase("http://" + host));
  }

  private static long contentLength(HttpExchange ex) {
    String v = ex.getRequestHeaders().getFirst("Content-Length");
    try {
      return v == null ? -1 : Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The body, or null when it is longer than {@code max}. */
  private static byte[] readAtMost(InputStream in, long max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    int n;
    while ((n = in.read(buf)) >= 0) {
      out.write(buf, 0, n);
      if (out.size() > max) {
        return null;
      }
    }
    return out.toByteArray();
  }

  private static String safeName(String name) {
    String base = name.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._ -]", "_");
    return base.isBlank() ? "upload.csv" : base.substring(0, Math.min(100, base.length()));
  }

  private static int intParam(Map<String, String> q, String name, int dflt, int min, int max) {
    try {
      return q.containsKey(name) ? Math.max(min, Math.min(max, Integer.parseInt(q.get(name)))) : dflt;
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw != null) {
      for (String kv : raw.split("&")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          out.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  private static int notAllowed(HttpExchange ex) throws IOException {
    return send(ex, 405, Views.ErrorView.of("method not allowed"));
  }

  private static int send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
    return status;
  }

  private static int sendResource(HttpExchange ex, String name) throws IOException {
    byte[] bytes;
    try (InputStream in = DashboardServer.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new UncheckedIOException(new IOException("resource missing from the jar: " + name));
      }
      bytes = in.readAllBytes();
    }
    String type = name.endsWith(".html") ? "text/html" : name.endsWith(".js") ? "text/javascript" : "text/css";
    ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders().set("Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
    return 200;
  }

  /**
   * Runs the dashboard until the process is stopped. Options: {@code --port N} (default 8080),
   * {@code --bind ADDRESS} (default 127.0.0.1), {@code --max-upload BYTES} (default 5 MB),
   * {@code --no-token true} (loopback development only), {@code --db FILE} (a SQLite store; default a
   * temporary one), {@code --consent-dir DIR}, {@code --insecure-dev-key true} (development only).
   *
   * @param args the options
   * @throws IOException when the port cannot be bound
   */
  public static void main(String[] args) throws IOException {
    Config.Builder b = Config.builder();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> b.port(Integer.parseInt(args[i + 1]));
        case "--bind" -> b.bind(args[i + 1]);
        case "--max-upload" -> b.maxUploadBytes(Long.parseLong(args[i + 1]));
        case "--no-token" -> b.noToken(Boolean.parseBoolean(args[i + 1]));
        case "--db" -> b.db(Path.of(args[i + 1]));
        case "--consent-dir" -> b.consentDir(Path.of(args[i + 1]));
        case "--insecure-dev-key" -> b.insecureDevKey(Boolean.parseBoolean(args[i + 1]));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    DashboardServer s = start(b.build());
    System.out.println("pfms dashboard: " + s.uri());
  }

  /** A SQLite store whose personal fields go through {@code protector}. */
  static Store sqlite(Path file, dev.pfms.api.store.FieldProtector protector) {
    return Stores.open("sqlite", dev.pfms.api.spi.ProviderConfig.builder()
        .set(dev.pfms.store.SqliteStoreProvider.PATH, file)
        .set(dev.pfms.store.SqliteStoreProvider.FIELD_PROTECTOR, protector).build());
  }

  /**
   * The server's options. Immutable.
   *
   * @param bind the address to bind
   * @param port the port, 0 for any free one
   * @param maxUploadBytes the largest accepted upload
   * @param categorizer the categorizer provider, or null for the preferred installed one
   * @param detector the anomaly detector provider, or null for the preferred
   * @param forecaster the forecaster provider, or null for the preferred
   * @param noToken true to accept requests without the access token (development on loopback only;
   *     refused with any other bind address)
   * @param store opens the store the dashboard reads and writes, given the protector over the local
   *     field keys (the server closes it), or null for a temporary SQLite file deleted at close
   *     (nothing survives a restart); either way its personal fields are encrypted
   * @param consentDir the consent directory (ledger and receipt), or null for {@code $PFMS_HOME} or
   *     {@code ~/.pfms}, the same as {@code pfms analyze}
   * @param insecureDevKey development only: keep the ledger's signing key in the clear when
   *     {@code PFMS_LEDGER_PASSWORD} is not set
   */
  public record Config(String bind, int port, long maxUploadBytes, String categorizer, String detector,
      String forecaster, boolean noToken, java.util.function.Function<dev.pfms.api.store.FieldProtector, Store> store,
      Path consentDir, boolean insecureDevKey) {

    /** Validates the options. */
    public Config {
      Objects.requireNonNull(bind, "bind");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be in 0..65535: " + port);
      }
      if (maxUploadBytes < 1) {
        throw new IllegalArgumentException("maxUploadBytes must be positive: " + maxUploadBytes);
      }
    }

    /**
     * A builder with the defaults: 127.0.0.1, port 8080, 5 MB uploads, preferred providers.
     *
     * @return the builder
     */
    public static Builder builder() {
      return new Builder();
    }

    /** Builds a {@link Config}. */
    public static final class Builder {
      private String bind = "127.0.0.1";
      private int port = 8080;
      private long maxUploadBytes = 5L * 1024 * 1024;
      private String categorizer;
      private String detector;
      private String forecaster;
      private boolean noToken;
      private java.util.function.Function<dev.pfms.api.store.FieldProtector, Store> store;
      private Path consentDir;
      private boolean insecureDevKey;

      private Builder() {}

      /**
       * The store the dashboard reads and writes.
       *
       * @param v opens the store with the local field keys' protector (called once at start; the server
       *     closes it), or null for a temporary one
       * @return this
       */
      public Builder store(java.util.function.Function<dev.pfms.api.store.FieldProtector, Store> v) {
        this.store = v;
        return this;
      }

      /**
       * A SQLite store file (created when missing).
       *
       * @param file the database file
       * @return this
       */
      public Builder db(Path file) {
        Objects.requireNonNull(file, "file");
        this.store = protector -> sqlite(file, protector);
        return this;
      }

      /**
       * The consent directory.
       *
       * @param v the directory, or null for the default
       * @return this
       */
      public Builder consentDir(Path v) {
        this.consentDir = v;
        return this;
      }

      /**
       * Development only: a cleartext ledger signing key when no password is set.
       *
       * @param v true to allow it
       * @return this
       */
      public Builder insecureDevKey(boolean v) {
        this.insecureDevKey = v;
        return this;
      }

      /**
       * Accepts requests without the access token: development on loopback only.
       *
       * @param v true to drop the token
       * @return this
       */
      public Builder noToken(boolean v) {
        this.noToken = v;
        return this;
      }

      /**
       * The address to bind.
       *
       * @param v e.g. {@code 127.0.0.1}
       * @return this
       */
      public Builder bind(String v) {
        this.bind = v;
        return this;
      }

      /**
       * The port.
       *
       * @param v the port, 0 for any free one
       * @return this
       */
      public Builder port(int v) {
        this.port = v;
        return this;
      }

      /**
       * The upload limit.
       *
       * @param v bytes
       * @return this
       */
      public Builder maxUploadBytes(long v) {
        this.maxUploadBytes = v;
        return this;
      }

      /**
       * The categorizer provider.
       *
       * @param v a provider name, or null for the preferred
       * @return this
       */
      public Builder categorizer(String v) {
        this.categorizer = v;
        return this;
      }

      /**
       * The anomaly detector provider.
       *
       * @param v a provider name, or null for the preferred
       * @return this
       */
      public Builder detector(String v) {
        this.detector = v;
        return this;
      }

      /**
       * The forecaster provider.
       *
       * @param v a provider name, or null for the preferred
       * @return this
       */
      public Builder forecaster(String v) {
        this.forecaster = v;
        return this;
      }

      /**
       * Builds the options.
       *
       * @return the options
       * @throws IllegalArgumentException naming a bad value
       */
      public Config build() {
        return new Config(bind, port, maxUploadBytes, categorizer, detector, forecaster, noToken, store, consentDir,
            insecureDevKey);
      }
    }
  }
}
