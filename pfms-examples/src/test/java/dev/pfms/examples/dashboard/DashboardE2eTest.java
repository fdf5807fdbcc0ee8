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
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drives the dashboard page in headless Chromium through the DevTools Protocol: chooses the sample
 * CSV in the page's file input (a real upload through the page's script), checks the charts and
 * tables fill, finds a transaction with the search box, corrects its category through the row's menu
 * and checks that the row and the spending chart update, then saves a screenshot as
 * {@code target/dashboard-e2e.png}.
 *
 * <p>Skips when {@code /usr/bin/chromium} is absent ({@code .ci/run} installs Debian's package).
 */
@Timeout(240)
class DashboardE2eTest {

  private static final Path CHROMIUM = Path.of(System.getProperty("pfms.chromium", "/usr/bin/chromium"));
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void uploadsTheSampleCorrectsACategoryAndThePageUpdates() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
        "Chromium absent at " + CHROMIUM + ": skipping the browser test (apt-get install chromium)");
    Path target = Path.of("target").toAbsolutePath();
    Path csv = sampleCsv(target);

    try (DashboardServer server = DashboardServer.start(DashboardServer.Config.builder().port(0).build());
        Cdp browser = Cdp.launch(CHROMIUM, target.resolve("e2e-chromium"), Duration.ofSeconds(60))) {
      browser.openPage(1280, 1320);
      browser.send("Page.navigate", Cdp.obj().put("url", server.uri().toString()));
      browser.await("the page script to start", "document.body && document.body.dataset.ready === 'true'", WAIT,
          "document.readyState");
      assertThat(browser.eval("document.getElementById('status').dataset.state").asText()).isEqualTo("empty");

      // upload through the page: the file input's change handler POSTs the file
      browser.chooseFile("#file", csv);
      browser.await("the upload to be analyzed", "document.getElementById('status').dataset.state === 'ready'"
          + " && document.querySelectorAll('#transactions tbody tr[data-id]').length > 0", WAIT,
          "document.getElementById('status').textContent");
      long lines = Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).count() - 1;
      assertThat(browser.eval("document.getElementById('status').textContent").asText())
          .startsWith("Loaded " + lines + " transactions from transactions.csv");
      assertThat(browser.eval("document.querySelectorAll('#tiles .tile').length").asInt()).isEqualTo(6);
      assertThat(browser.eval("document.querySelectorAll('#chart-categories g[data-primary]').length").asInt())
          .isGreaterThanOrEqualTo(5);
      assertThat(browser.eval("!!document.getElementById('forecast-band')"
          + " && document.getElementById('history-line').getAttribute('points').split(' ').length >= 6")
          .asBoolean()).as("monthly trend with a forecast band").isTrue();
      assertThat(browser.eval("[...document.querySelectorAll('#anomalies tbody tr[data-id] td.why')]"
          + ".filter(td => td.textContent.length > 3).length").asInt()).as("flagged rows with reasons").isPositive();
      assertThat(browser.eval("document.querySelectorAll('#transactions tbody select').length").asInt()).isEqualTo(50);

      // find a transaction as a user would, with the search box: the sample's crypto-exchange payment,
      // which a model cannot know is an investment (in data without one: any money-out row)
      browser.eval("(() => { const q = document.getElementById('q'); q.value = 'CRYPTO EXCHANGE';"
          + " q.dispatchEvent(new Event('input', { bubbles: true })); })()");
      browser.await("the search to filter the table", "(() => { const d = [...document.querySelectorAll("
          + "'#transactions tbody tr[data-id] td.desc')]; return d.length > 0 && d.every(td => td.textContent.includes("
          + "'CRYPTO EXCHANGE')) || document.querySelector('#transactions td.empty') !== null; })()", WAIT,
          "document.getElementById('page-info').textContent");
      if (browser.eval("document.querySelector('#transactions td.empty') !== null").asBoolean()) {
        browser.eval("(() => { const q = document.getElementById('q'); q.value = '';"
            + " q.dispatchEvent(new Event('input', { bubbles: true })); })()");
        browser.await("the table to list everything again", "document.querySelectorAll('#transactions tbody tr[data-id]')"
            + ".length === 50", WAIT, "document.getElementById('page-info').textContent");
      }
      // correct it to "Other money out" (still spending: investments are a transfer of your own money) through the row's category menu
      JsonNode picked = browser.eval("""
          (() => {
            const row = [...document.querySelectorAll('#transactions tbody tr[data-id]')]
                .find(r => r.querySelector('td.neg') && !r.dataset.category.startsWith('TRANSFER_OUT'));
            const bar = document.querySelector('#chart-categories g[data-primary="TRANSFER_OUT"]');
            const amount = -Number(row.querySelector('td.neg').textContent.replace(/[^0-9.-]/g, ''));
            const before = bar ? Number(bar.dataset.amount) : 0;
            const select = row.querySelector('select');
            select.value = 'TRANSFER_OUT_OTHER';
            select.dispatchEvent(new Event('change', { bubbles: true }));
            return { id: row.dataset.id, amount, before, was: row.dataset.category };
          })()""");
      String id = picked.get("id").asText();
      browser.await("the correction to show", "document.getElementById('status').textContent.startsWith('Corrected to')",
          WAIT, "document.getElementById('status').textContent");
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
      assertThat(browser.eval("document.getElementById('status').textContent").asText())
          .matches("Corrected to “Other money out”; \\d+ transaction\\(s\\) changed category\\.");

      browser.eval("window.scrollTo(0, 0)");
      byte[] png = browser.screenshot();
      assertThat(png).startsWith(0x89, 'P', 'N', 'G');
      assertThat(png.length).isGreaterThan(20_000);
      Files.write(target.resolve("dashboard-e2e.png"), opaque(png));
    }
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
