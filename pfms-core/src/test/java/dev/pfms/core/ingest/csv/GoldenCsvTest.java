package dev.pfms.core.ingest.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.core.ingest.SharedData;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.Ingestor;
import dev.pfms.api.spi.ProviderConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The 19 bank CSVs of {@code shared/data/bank-csv/csv2ofx/input} against the OFX/QIF that csv2ofx
 * (another tool, with a hand-written mapping per bank) made of them. Golden files are read with a
 * small independent extractor here, not with pfms's own OFX/QIF ingestors.
 */
class GoldenCsvTest {

  /** Golden files per input. */
  private static final Map<String, List<String>> GOLDEN = Map.ofEntries(
      Map.entry("amazon.csv", List.of("amazon.ofx")),
      Map.entry("default.csv", List.of("default.ofx", "default.qif")),
      Map.entry("gls.csv", List.of("gls.ofx")),
      Map.entry("ingesp.csv", List.of("ingesp.ofx")),
      Map.entry("mint.csv", List.of("mint.ofx", "mint.qif", "mint_alt.qif")),
      Map.entry("mint_extra.csv", List.of("mint_extra.qif")),
      Map.entry("outbank.csv", List.of("outbank.ofx")),
      Map.entry("pcmastercard.csv", List.of("pcmastercard.ofx")),
      Map.entry("schwab-checking.csv", List.of("schwab-checking.ofx", "schwab-checking-msmoney.ofx")),
      Map.entry("schwab-checking-baltest-case1.csv", List.of("schwab-checking-baltest-case1.ofx")),
      Map.entry("schwab-checking-baltest-case2.csv", List.of("schwab-checking-baltest-case2.ofx")),
      Map.entry("schwab-checking-baltest-case3.csv", List.of("schwab-checking-baltest-case3.ofx")),
      Map.entry("schwab-checking-baltest-case4.csv", List.of("schwab-checking-baltest-case4.ofx")),
      Map.entry("schwab-checking-baltest-case6.csv", List.of("schwab-checking-baltest-case6.ofx")),
      Map.entry("schwab-checking-baltest-case7.csv", List.of("schwab-checking-baltest-case7.ofx")),
      Map.entry("stripe-all.csv", List.of("stripe-all.ofx", "stripe-all.qif")),
      Map.entry("stripe-default.csv", List.of("stripe-default.ofx", "stripe-default.qif")),
      Map.entry("xero.csv", List.of("xero.qif")));

  /** Exports where the sign of money out cannot be seen in the file: a shipped profile says it. */
  private static final List<String> SIGN_NEEDS_PROFILE = List.of("amazon.csv", "pcmastercard.csv");
  /** Payee chosen by csv2ofx's per-bank mapping from a column that is not a payee (card holder name). */
  private static final List<String> PAYEE_FROM_MAPPING = List.of("stripe-all.csv", "stripe-default.csv");
  /** csv2ofx read ambiguous dd/MM dates of this file month-first: its golden dates are wrong. */
  private static final String GOLDEN_DATES_WRONG = "ingesp.csv";
  /** An accounting journal whose golden QIF merges lines into split transactions: not comparable. */
  private static final String NOT_COMPARABLE = "xero.csv";

  /**
   * Files that state no currency anywhere (no column, header suffix, code or symbol): csv2ofx's
   * golden currency comes from its per-bank mapping. pfms reads them as XXX with a warning naming
   * the {@code currency} option, and with that option agrees with the golden.
   */
  private static final java.util.Set<String> CURRENCY_NOT_IN_FILE = java.util.Set.of("amazon.csv", "default.csv",
      "ingesp.csv", "mint.csv", "mint_extra.csv", "pcmastercard.csv");
  /**
   * The payee differences that remain, as counts of golden payees matched (detection only): Stripe's
   * golden payee is the card holder's name (a mapping choice, no payee column in the file).
   */
  private static final Map<String, Integer> PAYEES_MATCHED = Map.of("stripe-all.csv", 0, "stripe-default.csv", 8);

  record Golden(LocalDate date, BigDecimal amount, String payee, String memo) {}

  @Test
  void everySharedCsvIngestsWithoutAProfileAndMatchesTheGoldenConversions() throws IOException {
    Path input = SharedData.dir("bank-csv/csv2ofx/input");
    Path golden = SharedData.dir("bank-csv/csv2ofx/golden");
    Ingestor detectOnly = new CsvIngestorProvider().create(ProviderConfig.builder().set("profile", "none").build());
    Ingestor auto = new CsvIngestorProvider().create(ProviderConfig.empty());
    List<Path> files;
    try (Stream<Path> s = Files.list(input)) {
      files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
    assertThat(files).hasSize(19);
    Map<String, String> table = new TreeMap<>();
    int fullMatchWithoutProfile = 0;
    int comparable = 0;
    int currencyAgrees = 0;
    for (Path f : files) {
      String name = f.getFileName().toString();
      IngestReport detected = detectOnly.ingest(IngestSource.of(f));
      assertThat(detected.transactions()).as(name).isNotEmpty();
      if (!GOLDEN.containsKey(name) || name.equals(NOT_COMPARABLE)) {
        table.put(name, detected.transactions().size() + " rows, " + detected.problems().size()
            + " problems; " + (name.equals(NOT_COMPARABLE) ? "golden not comparable (journal → splits)" : "no golden"));
        continue;
      }
      comparable++;
      IngestReport withProfile = auto.ingest(IngestSource.of(f));
      List<Golden> expected = new ArrayList<>();
      for (String g : GOLDEN.get(name)) {
        expected.addAll(readGolden(golden.resolve(g)));
      }
      int[] pure = match(name, detected.transactions(), expected, false);
      int[] prof = match(name, withProfile.transactions(), expected, false);
      java.util.Set<String> goldenCcy = new java.util.TreeSet<>();
      for (String g : GOLDEN.get(name)) {
        if (g.endsWith(".ofx")) {
          java.util.regex.Matcher m = java.util.regex.Pattern.compile("<CURDEF>\\s*([A-Z]{3})")
              .matcher(Files.readString(golden.resolve(g), java.nio.charset.StandardCharsets.ISO_8859_1));
          while (m.find()) {
            goldenCcy.add(m.group(1));
          }
        }
      }
      java.util.Set<String> pfmsCcy = new java.util.TreeSet<>();
      detected.transactions().forEach(t -> pfmsCcy.add(t.amount().currency().getCurrencyCode()));
      table.put(name, detected.transactions().size() + " rows, " + detected.errors().size() + " errors, "
          + detected.warnings().size() + " warnings; golden " + expected.size() + ": date+amount " + pure[0]
          + ", payee " + pure[1] + " (detection only); with shipped profile: date+amount " + prof[0] + ", payee "
          + prof[1] + "; currency pfms " + pfmsCcy + " golden " + (goldenCcy.isEmpty() ? "(QIF: none)" : goldenCcy));
      // currency: the golden's, or (file states none) XXX with a warning, and the golden's with the option
      if (CURRENCY_NOT_IN_FILE.contains(name)) {
        assertThat(pfmsCcy).as(name + " currency").containsExactly("XXX");
        assertThat(detected.warnings()).as(name + " says the currency is unknown")
            .anySatisfy(w -> assertThat(w.reason()).contains("currency="));
        if (!goldenCcy.isEmpty()) {
          Ingestor told = new CsvIngestorProvider().create(ProviderConfig.builder().set("profile", "none")
              .set("currency", goldenCcy.iterator().next()).build());
          java.util.Set<String> toldCcy = new java.util.TreeSet<>();
          told.ingest(IngestSource.of(f)).transactions().forEach(t -> toldCcy.add(t.amount().currency().getCurrencyCode()));
          assertThat(toldCcy).as(name + " with option currency").isEqualTo(goldenCcy);
        }
      } else if (!goldenCcy.isEmpty()) {
        assertThat(pfmsCcy).as(name + " currency read from the file").isEqualTo(goldenCcy);
      } else {
        assertThat(pfmsCcy).as(name + " currency (golden QIF has none)").doesNotContain("XXX");
      }
      currencyAgrees += CURRENCY_NOT_IN_FILE.contains(name) ? 0 : 1;
      boolean payeeChecked = !PAYEE_FROM_MAPPING.contains(name);
      if (!payeeChecked) {
        assertThat(pure[1]).as(name + " golden payees matched (the remaining difference)").isEqualTo(PAYEES_MATCHED.get(name));
      }
      if (SIGN_NEEDS_PROFILE.contains(name)) {
        assertThat(match(name, detected.transactions(), expected, true)[0]).as(name + " |amount|").isEqualTo(expected.size());
        assertThat(prof[0]).as(name + " with its shipped profile").isEqualTo(expected.size());
        assertThat(withProfile.layout()).as(name).containsKey("profile");
      } else if (name.equals(GOLDEN_DATES_WRONG)) {
        int unambiguous = 0;
        for (Golden g : expected) {
          if (g.date().getDayOfMonth() > 12 || g.date().getMonthValue() == g.date().getDayOfMonth()) {
            unambiguous++;
          }
        }
        assertThat(pure[0]).as(name + ": every golden date that is not ambiguous").isEqualTo(unambiguous);
        // the others are the golden's day and month swapped
        int swapped = 0;
        for (Golden g : expected) {
          if (g.date().getDayOfMonth() <= 12 && g.date().getMonthValue() != g.date().getDayOfMonth()) {
            LocalDate fixed = LocalDate.of(g.date().getYear(), g.date().getDayOfMonth(), g.date().getMonthValue());
            if (detected.transactions().stream().anyMatch(t -> t.bookingDate().equals(fixed)
                && t.amount().amount().compareTo(g.amount()) == 0)) {
              swapped++;
            }
          }
        }
        assertThat(unambiguous + swapped).isEqualTo(expected.size());
        assertThat(pure[1]).as(name + " payees of the rows whose golden date is right").isEqualTo(pure[0]);
      } else {
        assertThat(pure[0]).as(name + " date+amount").isEqualTo(expected.size());
        if (payeeChecked) {
          assertThat(pure[1]).as(name + " payee").isEqualTo(expected.size());
          fullMatchWithoutProfile++;
        }
      }
    }
    System.out.println("[golden csv] machine-independent results, detection only unless stated:");
    table.forEach((k, v) -> System.out.println("  " + k + ": " + v));
    System.out.println("[golden csv] " + fullMatchWithoutProfile + " of " + comparable
        + " comparable files match dates, amounts and payees without any profile");
    System.out.println("[golden csv] currency read from the file and equal to the golden in " + currencyAgrees + " of "
        + comparable + "; the other " + (comparable - currencyAgrees) + " state none (XXX with a warning; the option "
        + "currency gives the golden's)");
    assertThat(fullMatchWithoutProfile).isGreaterThanOrEqualTo(12);
    assertThat(currencyAgrees).isEqualTo(comparable - CURRENCY_NOT_IN_FILE.size());
  }

  /** Counts golden transactions with a same-date, same-amount transaction, and those whose payee also matches. */
  private static int[] match(String name, List<Transaction> ours, List<Golden> expected, boolean absolute) {
    int dateAmount = 0;
    int payee = 0;
    for (Golden g : expected) {
      boolean da = false;
      boolean p = false;
      for (Transaction t : ours) {
        BigDecimal a = t.amount().amount();
        boolean sameAmount = absolute ? a.abs().compareTo(g.amount().abs()) == 0 : a.compareTo(g.amount()) == 0;
        if (t.bookingDate().equals(g.date()) && sameAmount) {
          da = true;
          if (payeeMatches(t, g)) {
            p = true;
          }
        }
      }
      dateAmount += da ? 1 : 0;
      payee += p ? 1 : 0;
    }
    return new int[] {dateAmount, payee};
  }

  private static boolean payeeMatches(Transaction t, Golden g) {
    String want = fold(g.payee() != null ? g.payee() : g.memo());
    if (want == null || want.isEmpty()) {
      return true;
    }
    String merchant = fold(t.merchant());
    String desc = fold(t.description());
    return want.equals(merchant) || want.equals(desc) || desc.contains(want)
        || want.length() >= 20 && desc.startsWith(want); // MS Money truncates NAME to 32 characters
  }

  private static String fold(String s) {
    return s == null ? null : s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  private static final Pattern BLOCK = Pattern.compile("<(STMTTRN|INTRARS)>(.*?)</\\1>", Pattern.DOTALL);

  static List<Golden> readGolden(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n").replace('\r', '\n');
    List<Golden> out = new ArrayList<>();
    if (file.toString().endsWith(".ofx")) {
      Matcher m = BLOCK.matcher(text);
      while (m.find()) {
        String b = m.group(2);
        String d = tag(b, "DTPOSTED");
        out.add(new Golden(LocalDate.of(Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
            Integer.parseInt(d.substring(6, 8))), new BigDecimal(tag(b, "TRNAMT")), tag(b, "NAME"), tag(b, "MEMO")));
      }
      return out;
    }
    LocalDate date = null;
    BigDecimal amount = null;
    String payee = null;
    String memo = null;
    boolean accountBlock = false;
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("!")) {
        accountBlock = line.startsWith("!Account");
        continue;
      }
      if (accountBlock) {
        accountBlock = !line.equals("^");
        continue;
      }
      char c = line.charAt(0);
      String v = line.substring(1);
      switch (c) {
        case 'D' -> {
          String[] p = v.split("/");
          date = LocalDate.of(Integer.parseInt(p[2]), Integer.parseInt(p[0]), Integer.parseInt(p[1]));
        }
        case 'T' -> amount = new BigDecimal(v.replace(",", ""));
        case 'P' -> payee = v;
        case 'M' -> memo = v;
        case '^' -> {
          if (date != null && amount != null) {
            out.add(new Golden(date, amount, payee, memo));
          }
          date = null;
          amount = null;
          payee = null;
          memo = null;
        }
        default -> { }
      }
    }
    return out;
  }

  private static String tag(String block, String tag) {
    Matcher m = Pattern.compile("<" + tag + ">([^<\\n]*)").matcher(block);
    return m.find() ? m.group(1).strip() : null;
  }
}
