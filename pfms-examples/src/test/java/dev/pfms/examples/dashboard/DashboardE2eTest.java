package dev.pfms.examples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pfms.core.sample.SampleGenerator;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drives the dashboard page in headless Chromium through the DevTools Protocol, as a user would:
 * the consent screen on first use (data refused until the button is pressed; the receipt shown),
 * choosing the sample CSV in the page's file input (a real upload through the page's script), the
 * charts and tables (spending, trend and forecast, income vs expenses, cash-flow projection with the
 * low-balance date, recurring bills, flagged rows with human reasons, transfers marked), the filters
 * (account, date range, category) on every view and on the CSV export, dismissing a flag, correcting
 * a category through a row's menu, and revoking consent. Saves screenshots under {@code target/}
 * ({@code dashboard-e2e*.png}).
 *
 * <p>Skips when {@code /usr/bin/chromium} is absent ({@code .ci/run} installs Debian's package).
 */
@Timeout(300)
class DashboardE2eTest {

  private static final Path CHROMIUM = Path.of(System.getProperty("pfms.chromium", "/usr/bin/chromium"));
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String STATUS = "document.getElementById('status').textContent";
  private static final String ROWS = "[...document.querySelectorAll('#transactions tbody tr[data-id]')]";

  @Test
  void consentUploadFiltersDismissExportCorrectAndRevokeThroughThePage() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
        "Chromium absent at " + CHROMIUM + ": skipping the browser test (apt-get install chromium)");
    Path target = Path.of("target").toAbsolutePath();
    Path csv = sampleCsv(target);
    Path work = target.resolve("e2e-state");
    deleteTree(work);

    try (DashboardServer server = DashboardServer.start(DashboardServer.Config.builder().port(0)
        .db(work.resolve("pfms.db")).consentDir(work.resolve("consent")).insecureDevKey(true).build());
        Cdp browser = Cdp.launch(CHROMIUM, target.resolve("e2e-chromium"), Duration.ofSeconds(60))) {
      browser.openPage(1280, 900);
      browser.send("Page.navigate", Cdp.obj().put("url", server.uri().toString()));
      browser.await("the page script to start", "document.body && document.body.dataset.ready === 'true'", WAIT,
          "document.readyState");

      // 1. consent on first use: the consent screen, and the data API refuses
      assertThat(browser.eval("document.getElementById('status').dataset.state").asText()).isEqualTo("consent");
      assertThat(browser.eval("!document.getElementById('consent').hidden && document.getElementById('main').hidden")
          .asBoolean()).as("the consent screen replaces the dashboard").isTrue();
      assertThat(browser.eval("document.querySelectorAll('#consent-purposes li').length").asInt()).isEqualTo(4);
      assertThat(browser.eval("fetch('/api/summary').then(r => r.status)").asInt()).isEqualTo(403);
      Files.write(target.resolve("dashboard-e2e-consent.png"), opaque(browser.screenshot("#consent", 1)));
      browser.eval("document.getElementById('consent-yes').click()");
      browser.await("the receipt", "!document.getElementById('receipt').hidden"
          + " && document.getElementById('receipt-json').textContent.includes('local-user')", WAIT, STATUS);
      assertThat(browser.eval("document.getElementById('main').hidden").asBoolean()).isFalse();
      assertThat(Files.readString(work.resolve("consent/consent-receipt.json"))).contains("local-user");

      // 2. upload through the page: the file input's change handler POSTs the file
      browser.chooseFile("#file", csv);
      browser.await("the upload to be analyzed", "document.getElementById('status').dataset.state === 'ready'"
          + " && " + ROWS + ".length > 0", WAIT, STATUS);
      long lines = Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).count() - 1;
      assertThat(browser.eval(STATUS).asText()).startsWith("Loaded " + lines + " transactions from transactions.csv ("
          + lines + " new, 0 already stored");
      assertThat(browser.eval("document.querySelectorAll('#tiles .tile').length").asInt()).isEqualTo(6);
      assertThat(browser.eval("document.querySelectorAll('#chart-categories g[data-primary]').length").asInt())
          .isGreaterThanOrEqualTo(5);
      assertThat(browser.eval("!!document.getElementById('forecast-band')"
          + " && document.getElementById('history-line').getAttribute('points').split(' ').length >= 6")
          .asBoolean()).as("monthly trend with a forecast band").isTrue();
      assertThat(browser.eval("document.querySelectorAll('#chart-income g.month').length").asInt())
          .as("income vs expenses per month").isGreaterThanOrEqualTo(12);
      assertThat(browser.eval("[...document.querySelectorAll('#chart-income g.month')].every(g =>"
          + " Number(g.dataset.income) >= 0 && Number(g.dataset.expenses) >= 0)").asBoolean()).isTrue();
      assertThat(browser.eval("!!document.getElementById('cash-line')").asBoolean()).as("cash-flow projection").isTrue();
      assertThat(browser.eval("document.getElementById('cash-low').textContent").asText())
          .matches("(Low balance: expected below .* on \\d{4}-\\d{2}-\\d{2}|Expected to stay above .*).*");
      assertThat(browser.eval("document.querySelectorAll('#bills tbody tr[data-merchant]').length").asInt())
          .as("recurring bills").isGreaterThanOrEqualTo(3);
      assertThat(browser.eval("[...document.querySelectorAll('#bills tbody tr[data-merchant]')].every(r =>"
          + " /^\\d{4}-\\d{2}-\\d{2}$/.test(r.dataset.next) && /\\d/.test(r.lastElementChild.textContent))").asBoolean())
          .as("each bill has a next date and an amount").isTrue();
      assertThat(browser.eval("[...document.querySelectorAll('#anomalies tbody tr[data-id] td.why')]"
          + ".filter(td => td.textContent.length > 3).length").asInt()).as("flagged rows with reasons").isPositive();
      assertThat(browser.eval("[...document.querySelectorAll('#anomalies td.why')].some(td =>"
          + " /\\b[A-Z]+_[A-Z_]+\\b/.test(td.textContent))").asBoolean()).as("no category codes in reasons").isFalse();
      assertThat(browser.eval("document.querySelectorAll('#transactions tbody select').length").asInt()).isEqualTo(50);
      browser.viewport(1280, 2000);
      browser.eval("window.scrollTo(0, 0)");
      Thread.sleep(300);
      Files.write(target.resolve("dashboard-e2e.png"), opaque(browser.screenshot()));
      browser.viewport(1280, 900);

      // 3. transfers are shown as such: a card repayment and its other leg
      search(browser, "BARCLAYCARD");
      assertThat(browser.eval(ROWS + ".every(r => r.dataset.transfer === 'true'"
          + " && r.querySelector('.badge.transfer') !== null)").asBoolean()).as("card repayments are transfers").isTrue();
      search(browser, "");

      // 4. filters: account, then a date range, then a category; every view follows, and so does the export
      int refreshed = browser.eval("Number(document.body.dataset.refreshed)").asInt();
      refreshed = setFilter(browser, "f-account", "credit-card", refreshed);
      assertThat(browser.eval(ROWS + ".every(r => r.dataset.account === 'credit-card')").asBoolean()).isTrue();
      long creditCard = Files.readAllLines(csv).stream().filter(l -> l.contains(",credit-card,")).count();
      assertThat(browser.eval("document.querySelector('#tiles [data-tile=Transactions] .v').textContent").asText()
          .replace(",", "")).isEqualTo(Long.toString(creditCard));
      assertThat(browser.eval("[...document.querySelectorAll('#bills tbody tr[data-merchant]')].every(r =>"
          + " r.children[2].textContent === 'credit-card')").asBoolean()).isTrue();
      String href = browser.eval("document.getElementById('export').getAttribute('href')").asText();
      assertThat(href).startsWith("/api/export.csv?").contains("account=credit-card");
      JsonNode exported = browser.eval("fetch(document.getElementById('export').getAttribute('href')).then(r => r.text())"
          + ".then(t => { const l = t.split('\\r\\n').filter(x => x); return { n: l.length - 1, head: l[0],"
          + " all: l.slice(1).every(x => x.split(',')[1] === 'credit-card') }; })");
      assertThat(exported.get("n").asLong()).isEqualTo(creditCard);
      assertThat(exported.get("head").asText()).startsWith("Date,Account,Description");
      assertThat(exported.get("all").asBoolean()).isTrue();

      refreshed = setFilter(browser, "f-account", "", refreshed);
      refreshed = setFilter(browser, "f-from", "2025-03-01", refreshed);
      refreshed = setFilter(browser, "f-to", "2025-05-31", refreshed);
      assertThat(browser.eval(ROWS + ".length > 0 && " + ROWS + ".every(r => r.dataset.date >= '2025-03-01'"
          + " && r.dataset.date <= '2025-05-31')").asBoolean()).as("rows inside the date range").isTrue();
      assertThat(browser.eval("[...document.querySelectorAll('#chart-income g.month')].map(g => g.dataset.month)")
          .toString()).isEqualTo("[\"2025-03\",\"2025-04\",\"2025-05\"]");
      refreshed = setFilter(browser, "f-category", "FOOD_AND_DRINK", refreshed);
      assertThat(browser.eval(ROWS + ".length > 0 && " + ROWS + ".every(r => r.dataset.category.startsWith('FOOD_AND_DRINK'))")
          .asBoolean()).as("only that category").isTrue();
      assertThat(browser.eval("[...document.querySelectorAll('#chart-categories g[data-primary]')].map(g =>"
          + " g.dataset.primary)").toString()).isEqualTo("[\"FOOD_AND_DRINK\"]");
      browser.eval("document.getElementById('f-clear').click()");
      browser.await("the filters to clear", "Number(document.body.dataset.refreshed) > " + refreshed, WAIT, STATUS);

      // 5. dismiss a flag as "not unusual": it leaves the list and the Flagged tile counts one less
      JsonNode flag = browser.eval("(() => { const r = document.querySelector('#anomalies tbody tr[data-id]');"
          + " return { id: r.dataset.id, flagged: Number(document.querySelector('#tiles [data-tile=Flagged] .v').textContent) }; })()");
      browser.eval("document.querySelector('#anomalies tbody tr[data-id] button.dismiss').click()");
      browser.await("the dismissal", STATUS + ".startsWith('Dismissed the flag')", WAIT, STATUS);
      assertThat(browser.eval("!!document.querySelector('#anomalies tr[data-id=\"" + flag.get("id").asText() + "\"]')")
          .asBoolean()).isFalse();
      assertThat(browser.eval("Number(document.querySelector('#tiles [data-tile=Flagged] .v').textContent)").asInt())
          .isEqualTo(flag.get("flagged").asInt() - 1);

      // 5b. name a payee from a row: the name is kept (the status says so) and the rows re-render
      browser.eval("window.prompt = () => 'Corner Shop'; document.querySelector('#transactions tbody tr[data-id]"
          + " button.name-payee').click()");
      browser.await("the payee to be kept", STATUS + ".startsWith('Payee “Corner Shop” kept')", WAIT, STATUS);

      // 6. correct a category through a row's menu (the sample's crypto-exchange payment when present)
      search(browser, "CRYPTO EXCHANGE");
      if (browser.eval("document.querySelector('#transactions td.empty') !== null").asBoolean()) {
        search(browser, "");
      }
      JsonNode picked = browser.eval("""
          (() => {
            const row = [...document.querySelectorAll('#transactions tbody tr[data-id]')]
                .find(r => r.querySelector('td.neg') && r.dataset.transfer !== 'true' && !r.dataset.category.startsWith('TRANSFER_OUT'));
            const bar = document.querySelector('#chart-categories g[data-primary="TRANSFER_OUT"]');
            const amount = -Number(row.querySelector('td.neg').textContent.replace(/[^0-9.-]/g, ''));
            const before = bar ? Number(bar.dataset.amount) : 0;
            const select = row.querySelector('select');
            select.value = 'TRANSFER_OUT_OTHER';
            select.dispatchEvent(new Event('change', { bubbles: true }));
            return { id: row.dataset.id, amount, before, was: row.dataset.category };
          })()""");
      String id = picked.get("id").asText();
      browser.await("the correction to show", STATUS + ".startsWith('Corrected to')", WAIT, STATUS);
      JsonNode row = browser.eval("(() => { const r = document.querySelector('#transactions tr[data-id=\"" + id + "\"]');"
          + " return { category: r.dataset.category, corrected: r.classList.contains('corrected'),"
          + " shown: r.querySelector('select').value, who: r.lastElementChild.textContent }; })()");
      assertThat(row.get("category").asText()).isEqualTo("TRANSFER_OUT_OTHER");
      assertThat(row.get("shown").asText()).isEqualTo("TRANSFER_OUT_OTHER");
      assertThat(row.get("corrected").asBoolean()).isTrue();
      assertThat(row.get("who").asText()).isEqualTo("you");
      double after = browser.eval("Number(document.querySelector('#chart-categories g[data-primary=\"TRANSFER_OUT\"]')"
          + "?.dataset.amount ?? 0)").asDouble();
      assertThat(after).as("the spending chart moved the corrected amount into Transfer out (was %s, %s)",
          picked.get("before").asDouble(), picked.get("was").asText())
          .isGreaterThanOrEqualTo(picked.get("before").asDouble() + picked.get("amount").asDouble() - 0.01);
      assertThat(browser.eval(STATUS).asText())
          .matches("Corrected to “Other money out”; \\d+ transaction\\(s\\) changed category\\.");
      search(browser, "");
      Files.write(target.resolve("dashboard-e2e-cashflow.png"), opaque(browser.screenshot("#charts-flow", 1)));

      // 7. revoking stops processing: the consent screen again, and the API refuses
      browser.eval("document.getElementById('revoke').click()");
      browser.await("the consent screen after revoking", "!document.getElementById('consent').hidden"
          + " && " + STATUS + ".startsWith('Consent revoked')", WAIT, STATUS);
      assertThat(browser.eval("fetch('/api/transactions').then(r => r.status)").asInt()).isEqualTo(403);
    }
  }

  private static void search(Cdp browser, String text) throws Exception {
    browser.eval("(() => { const q = document.getElementById('q'); q.value = '" + text + "';"
        + " q.dispatchEvent(new Event('input', { bubbles: true })); })()");
    browser.await("the search for '" + text + "'", "(() => { const d = [...document.querySelectorAll("
        + "'#transactions tbody tr[data-id] td.desc')]; return (d.length > 0 && d.every(td => td.textContent.includes('"
        + text + "')) && (" + (text.isEmpty() ? "d.length === 50" : "true") + "))"
        + " || document.querySelector('#transactions td.empty') !== null; })()", WAIT,
        "document.getElementById('page-info').textContent");
  }

  /** Sets a filter control as a user does and waits for every view to refresh. */
  private static int setFilter(Cdp browser, String id, String value, int refreshed) throws Exception {
    browser.eval("(() => { const e = document.getElementById('" + id + "'); e.value = '" + value + "';"
        + " e.dispatchEvent(new Event('change', { bubbles: true })); })()");
    browser.await("the views to follow " + id + "=" + value, "Number(document.body.dataset.refreshed) > " + refreshed,
        WAIT, STATUS);
    return browser.eval("Number(document.body.dataset.refreshed)").asInt();
  }

  /** Re-encodes without the alpha channel (lossless, about a quarter smaller than Chromium's PNG). */
  private static byte[] opaque(byte[] png) throws IOException {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(),
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    g.drawImage(img, 0, 0, null);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(rgb, "png", out);
    return out.toByteArray();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The repository's sample_data/transactions.csv, or a generated one of the same shape. */
  private static Path sampleCsv(Path target) throws Exception {
    Path shipped = Path.of(System.getProperty("pfms.sample.data", "../sample_data"), "transactions.csv");
    if (Files.isRegularFile(shipped)) {
      return shipped;
    }
    Path dir = target.resolve("e2e-sample");
    SampleGenerator.writeCsv(SampleGenerator.builder().seed(42).months(12).build().generate(), dir);
    return dir.resolve("transactions.csv");
  }
}
