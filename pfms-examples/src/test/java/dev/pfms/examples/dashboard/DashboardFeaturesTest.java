package dev.pfms.examples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pfms.core.sample.SampleGenerator;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The views of issue #17 over real HTTP: filters everywhere, income vs expenses, bills, cash flow, dismissal, export, transfers. */
@Timeout(180)
class DashboardFeaturesTest {

  private static final Pattern CODE = Pattern.compile("\\b[A-Z][A-Z0-9]*(_[A-Z0-9]+)+\\b");
  private static DashboardServer server;
  private static Api api;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    SampleGenerator.writeCsv(SampleGenerator.builder().seed(42).months(12).build().generate(), dir);
    server = DashboardServer.start(Api.config(dir.resolve("consent")).db(dir.resolve("pfms.db")).build());
    api = new Api(server);
    api.consent();
    HttpResponse<String> r = api.upload(Files.readAllBytes(dir.resolve("transactions.csv")), "transactions.csv");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static List<JsonNode> all(String query) throws Exception {
    JsonNode page = api.getJson("/api/transactions?limit=500" + query);
    List<JsonNode> out = new java.util.ArrayList<>();
    int total = page.get("total").asInt();
    for (int off = 0; off < total; off += 500) {
      api.getJson("/api/transactions?limit=500&offset=" + off + query).get("items").forEach(out::add);
    }
    return out;
  }

  @Test
  void everyViewFollowsTheAccountDateAndCategoryFilters() throws Exception {
    JsonNode summary = api.getJson("/api/summary?account=credit-card");
    assertThat(summary.get("accounts").toString()).isEqualTo("[\"credit-card\"]");
    assertThat(summary.get("allAccounts").size()).isGreaterThanOrEqualTo(2);
    List<JsonNode> cc = all("&account=credit-card");
    assertThat(cc).hasSize(summary.get("transactions").asInt()).allSatisfy(t ->
        assertThat(t.get("account").asText()).isEqualTo("credit-card"));
    for (JsonNode a : api.getJson("/api/anomalies?limit=500&account=credit-card")) {
      assertThat(a.get("account").asText()).isEqualTo("credit-card");
    }
    for (JsonNode b : api.getJson("/api/recurring?account=credit-card")) {
      assertThat(b.get("account").asText()).isEqualTo("credit-card");
    }

    String range = "&from=2024-03-01&to=2024-05-31";
    List<JsonNode> spring = all(range);
    assertThat(spring).isNotEmpty().allSatisfy(t -> assertThat(t.get("date").asText()).isBetween("2024-03-01", "2024-05-31"));
    JsonNode income = api.getJson("/api/income?" + range.substring(1));
    assertThat(income.get("months").findValuesAsText("month")).containsExactly("2024-03", "2024-04", "2024-05");
    JsonNode forecast = api.getJson("/api/forecast?" + range.substring(1));
    assertThat(forecast.get("history").findValuesAsText("month")).allSatisfy(m -> assertThat(m).isBetween("2024-03", "2024-05-31"));

    List<JsonNode> food = all("&category=FOOD_AND_DRINK");
    assertThat(food).isNotEmpty().allSatisfy(t -> assertThat(t.get("primary").asText()).isEqualTo("FOOD_AND_DRINK"));
    assertThat(api.getJson("/api/summary?category=FOOD_AND_DRINK").get("spendingByCategory").findValuesAsText("primary"))
        .containsExactly("FOOD_AND_DRINK");

    HttpResponse<String> bad = api.get("/api/summary?from=yesterday");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Api.json(bad).get("error").asText()).contains("from");
  }

  @Test
  void incomeAndExpensesLeaveTransfersOutAndAgreeWithTheSummary() throws Exception {
    JsonNode summary = api.getJson("/api/summary");
    JsonNode income = api.getJson("/api/income");
    assertThat(income.get("income").decimalValue()).isEqualByComparingTo(summary.get("income").decimalValue());
    assertThat(income.get("expenses").decimalValue()).isEqualByComparingTo(summary.get("spending").decimalValue());
    BigDecimal sumMonths = BigDecimal.ZERO;
    for (JsonNode m : income.get("months")) {
      sumMonths = sumMonths.add(m.get("expenses").decimalValue());
      assertThat(m.get("net").decimalValue()).isEqualByComparingTo(m.get("income").decimalValue()
          .subtract(m.get("expenses").decimalValue()));
    }
    assertThat(sumMonths).isEqualByComparingTo(income.get("expenses").decimalValue());

    // spending = money out of the rows that are not transfers; transfers are marked and explained
    BigDecimal out = BigDecimal.ZERO;
    int transfers = 0;
    for (JsonNode t : all("")) {
      if (!t.get("currency").asText().equals(summary.get("currency").asText())) {
        continue;
      }
      BigDecimal a = t.get("amount").decimalValue();
      if (t.get("transfer").asBoolean()) {
        transfers++;
        assertThat(t.get("transferNote").asText()).startsWith("transfer");
      } else if (a.signum() < 0) {
        out = out.add(a.negate());
      }
    }
    assertThat(transfers).isEqualTo(summary.get("transfers").asInt()).isGreaterThanOrEqualTo(24);
    assertThat(income.get("transfersExcluded").asInt()).isEqualTo(transfers);
    assertThat(out).isEqualByComparingTo(summary.get("spending").decimalValue());
    for (JsonNode t : all("&q=BARCLAYCARD")) {
      assertThat(t.get("transfer").asBoolean()).as("a card repayment is a transfer").isTrue();
    }
  }

  @Test
  void aStatementInAnotherCurrencyIsKeptCategorizedAndCountedButNotAddedToTheSums() throws Exception {
    JsonNode before = api.getJson("/api/summary");
    String eur = "Date,Account,Description,Amount,Currency,Balance\n"
        + "2024-11-02,eur-wallet,CARREFOUR PARIS,-42.10,EUR,957.90\n"
        + "2024-11-03,eur-wallet,SNCF PARIS,-88.00,EUR,869.90\n"
        + "2024-11-05,eur-wallet,CAFE DE FLORE,-12.50,EUR,857.40\n";
    HttpResponse<String> up = api.upload(eur.getBytes(StandardCharsets.UTF_8), "eur.csv");
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
    JsonNode after = Api.json(up);
    assertThat(after.get("currency").asText()).isEqualTo("GBP");
    assertThat(after.get("otherCurrency").asInt()).isEqualTo(before.get("otherCurrency").asInt() + 3);
    assertThat(after.get("spending").decimalValue()).isEqualByComparingTo(before.get("spending").decimalValue());
    assertThat(after.get("transactions").asInt()).isEqualTo(before.get("transactions").asInt() + 3);
    List<JsonNode> rows = all("&account=eur-wallet");
    assertThat(rows).hasSize(3).allSatisfy(t -> {
      assertThat(t.get("currency").asText()).isEqualTo("EUR");
      assertThat(t.get("category").asText()).isNotBlank();
      assertThat(t.get("flagged").asBoolean()).isFalse();
    });
    assertThat(api.get("/api/forecast").statusCode()).isEqualTo(200);
    assertThat(api.get("/api/income").statusCode()).isEqualTo(200);
  }

  @Test
  void recurringBillsHaveANextDateAfterTheLastAndAnAmount() throws Exception {
    JsonNode bills = api.getJson("/api/recurring");
    assertThat(bills.size()).isGreaterThanOrEqualTo(5);
    boolean rent = false;
    for (JsonNode b : bills) {
      assertThat(b.get("next").asText()).isGreaterThan(b.get("last").asText());
      assertThat(b.get("amount").decimalValue()).isPositive();
      rent |= b.get("merchant").asText().contains("LANDLORD") && b.get("cadence").asText().equals("monthly");
    }
    assertThat(rent).as("the monthly rent is a recurring bill").isTrue();
    assertThat(bills.findValuesAsText("merchant")).noneMatch(m -> m.contains("SAVINGS"));
  }

  @Test
  void theCashFlowProjectionGivesTheLowBalanceDate() throws Exception {
    JsonNode c = api.getJson("/api/cashflow");
    assertThat(c.get("account").asText()).isEqualTo("current");
    assertThat(c.get("path")).hasSize(Views.CASH_DAYS);
    JsonNode first = c.get("path").get(0);
    assertThat(first.get("lower").decimalValue()).isLessThanOrEqualTo(first.get("expected").decimalValue());
    assertThat(first.get("upper").decimalValue()).isGreaterThanOrEqualTo(first.get("expected").decimalValue());
    JsonNode high = api.getJson("/api/cashflow?threshold=100000000");
    assertThat(high.get("lowBalanceDate").asText()).as("below a threshold above every balance at once")
        .isEqualTo(high.get("path").get(0).get("date").asText());
    assertThat(api.getJson("/api/cashflow?threshold=-100000000").get("lowBalanceDate").isNull()).isTrue();
    JsonNode card = api.getJson("/api/cashflow?account=credit-card");
    assertThat(card.get("account").asText()).isEqualTo("credit-card");
    assertThat(api.get("/api/cashflow?threshold=abc").statusCode()).isEqualTo(400);
  }

  @Test
  void aDismissedFlagLeavesTheListAndCanBeRestored() throws Exception {
    JsonNode before = api.getJson("/api/summary");
    String id = api.getJson("/api/anomalies").get(0).get("id").asText();
    JsonNode d = api.postJson("/api/transactions/" + id + "/dismiss", "");
    assertThat(d.get("dismissed").asBoolean()).isTrue();
    JsonNode after = api.getJson("/api/summary");
    assertThat(after.get("flagged").asInt()).isEqualTo(before.get("flagged").asInt() - 1);
    assertThat(after.get("dismissed").asInt()).isEqualTo(before.get("dismissed").asInt() + 1);
    assertThat(api.getJson("/api/anomalies?limit=500").findValuesAsText("id")).doesNotContain(id);
    assertThat(all("&flagged=true").stream().map(t -> t.get("id").asText())).doesNotContain(id);
    api.postJson("/api/transactions/" + id + "/restore", "");
    assertThat(api.getJson("/api/summary").get("flagged").asInt()).isEqualTo(before.get("flagged").asInt());
    assertThat(api.post("/api/transactions/nope/dismiss", new byte[0], "application/json").statusCode()).isEqualTo(404);
  }

  @Test
  void anomalyReasonsUseCategoryNamesNotCodes() throws Exception {
    JsonNode flagged = api.getJson("/api/anomalies?limit=500");
    assertThat(flagged).isNotEmpty();
    for (JsonNode a : flagged) {
      for (JsonNode r : a.get("reasons")) {
        assertThat(CODE.matcher(r.asText()).find()).as(r.asText()).isFalse();
      }
    }
  }

  @Test
  void exportsTheFilteredTransactionsAsFormulaSafeCsv() throws Exception {
    String statement = "Date,Account,Description,Amount,Currency,Balance\n"
        + "2024-12-30,wallet,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",-1.00,GBP,99.00\n"
        + "2024-12-30,wallet,+cmd|' /C calc'!A0,-2.00,GBP,97.00\n"
        + "2024-12-31,wallet,@SUM(A1:A9),-3.00,GBP,94.00\n"
        + "2024-12-31,wallet,\"SHOP, \"\"QUOTED\"\"\",-4.00,GBP,90.00\n";
    HttpResponse<String> up = api.upload(statement.getBytes(StandardCharsets.UTF_8), "wallet.csv");
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
    assertThat(Api.json(up).get("imported").get("added").asInt()).isEqualTo(4);

    HttpResponse<String> r = api.get("/api/export.csv?account=wallet");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    assertThat(r.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
    String csv = r.body();
    assertThat(csv).endsWith("\r\n");
    String[] lines = csv.split("\r\n");
    assertThat(lines).hasSize(5);
    assertThat(lines[0]).startsWith("Date,Account,Description,Merchant,Amount,Currency,Category");
    assertThat(csv).contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",", ",'+cmd|' /C calc'!A0,",
        ",'@SUM(A1:A9),", ",\"SHOP, \"\"QUOTED\"\"\",", ",-4.00,GBP,");
    for (String line : lines) {
      for (String cell : line.split(",")) {
        assertThat(cell).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("@");
      }
    }
    // the export follows the other filters too
    int food = api.getJson("/api/transactions?category=FOOD_AND_DRINK&limit=1").get("total").asInt();
    assertThat(api.get("/api/export.csv?category=FOOD_AND_DRINK").body().split("\r\n")).hasSize(food + 1);
  }
}
