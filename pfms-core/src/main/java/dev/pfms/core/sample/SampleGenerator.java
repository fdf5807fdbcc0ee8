package dev.pfms.core.sample;

import dev.pfms.api.model.Category;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Provenance;
import dev.pfms.api.model.Transaction;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * A seeded generator of realistic personal bank histories with ground truth: a current account and a
 * credit card over a number of months, with salary, rent, bills and subscriptions on schedules
 * (including a price rise and a cancelled subscription), everyday spending in real bank description
 * styles (POS prefixes, store numbers, masked cards, varied casing), and injected anomalies with
 * their reasons. The same seed always gives the same data. Immutable and thread-safe.
 *
 * <pre>{@code
 * List<SampleRow> rows = SampleGenerator.builder().seed(42).months(24).build().generate();
 * SampleGenerator.writeCsv(rows, Path.of("sample_data"));
 * }</pre>
 */
public final class SampleGenerator {

  /** The header of the transactions file. */
  public static final String TRANSACTIONS_HEADER = "Date,Account,Description,Amount,Currency,Balance";
  /** The header of the truth file. */
  public static final String TRUTH_HEADER = "line,category,anomaly,anomaly_reason,series,transfer";

  private final long seed;
  private final int months;
  private final LocalDate start;
  private final Currency currency;
  private final double anomalyRate;
  private final int people;
  private final boolean transferCases;

  private SampleGenerator(Builder b) {
    this.seed = b.seed;
    this.months = b.months;
    this.start = b.start;
    this.currency = b.currency;
    this.anomalyRate = b.anomalyRate;
    this.people = b.people;
    this.transferCases = b.transferCases;
  }

  /**
   * A builder with defaults: seed 42, 24 months from 2024-01-01, GBP, 1.2% anomalies, one person.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Everyday spending: a category, merchants, amount range and visits per month. */
  private record Spend(String category, String[] merchants, double min, double max, double perMonth, String account) {}

  private static final Spend[] SPENDING = {
      new Spend("FOOD_AND_DRINK_GROCERIES", new String[] {"TESCO STORES %d", "SAINSBURYS S/MKTS", "ALDI %d",
          "LIDL GB %d", "WAITROSE %d", "M&S SIMPLY FOOD %d", "CO-OP GROUP %d", "ASDA STORES %d"}, 8, 95, 9, "current"),
      new Spend("FOOD_AND_DRINK_COFFEE", new String[] {"STARBUCKS STORE #%d", "COSTA COFFEE %d", "PRET A MANGER %d",
          "CAFFE NERO %d", "BLACK SHEEP COFFEE"}, 2.2, 6.5, 13, "current"),
      new Spend("FOOD_AND_DRINK_RESTAURANT", new String[] {"PIZZA EXPRESS %d", "NANDOS %d", "WAGAMAMA %d",
          "DISHOOM", "THE IVY", "FRANCO MANCA %d"}, 18, 85, 3, "credit-card"),
      new Spend("FOOD_AND_DRINK_FAST_FOOD", new String[] {"MCDONALDS %d", "KFC %d", "GREGGS %d", "BURGER KING %d",
          "SUBWAY %d"}, 3.5, 13, 4, "current"),
      new Spend("FOOD_AND_DRINK_BEER_WINE_AND_LIQUOR", new String[] {"THE RED LION", "WETHERSPOONS %d",
          "MAJESTIC WINE %d", "THE KINGS ARMS"}, 6, 48, 2.5, "current"),
      new Spend("FOOD_AND_DRINK_FOOD_DELIVERY", new String[] {"DELIVEROO", "JUST EAT", "UBER EATS"}, 14, 38, 2,
          "credit-card"),
      new Spend("TRANSPORTATION_FUEL", new String[] {"SHELL %d", "BP %d", "ESSO %d", "TESCO PFS %d",
          "SAINSBURYS PETROL %d", "TEXACO %d"}, 38, 82, 2.6, "current"),
      new Spend("TRANSPORTATION_PUBLIC_TRANSIT", new String[] {"TFL TRAVEL CHARGE", "TFL.GOV.UK/CP",
          "STAGECOACH BUS %d"}, 2.8, 9, 15, "current"),
      new Spend("TRANSPORTATION_TAXIS_AND_RIDE_SHARES", new String[] {"UBER *TRIP", "BOLT.EU/O/%d",
          "ADDISON LEE"}, 8, 32, 1.5, "credit-card"),
      new Spend("TRANSPORTATION_PARKING", new String[] {"NCP CAR PARK %d", "RINGGO PARKING"}, 2.5, 18, 1.2, "current"),
      new Spend("GENERAL_MERCHANDISE_ONLINE_MARKETPLACES", new String[] {"AMAZON.CO.UK*%d", "AMZNMKTPLACE",
          "EBAY O*%d"}, 6, 95, 3, "credit-card"),
      new Spend("GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES", new String[] {"NEXT RETAIL %d", "H&M %d",
          "ZARA UK %d", "UNIQLO %d", "MARKS & SPENCER %d"}, 15, 120, 1.2, "credit-card"),
      new Spend("GENERAL_MERCHANDISE_ELECTRONICS", new String[] {"CURRYS %d", "APPLE STORE R%d", "ARGOS %d"},
          25, 240, 0.3, "credit-card"),
      new Spend("MEDICAL_PHARMACY", new String[] {"BOOTS %d", "SUPERDRUG %d", "LLOYDS PHARMACY"}, 3, 28, 1.5,
          "current"),
      new Spend("PERSONAL_CARE_HAIR_AND_BEAUTY", new String[] {"TONI&GUY %d", "BARBER SHOP LTD"}, 15, 55, 0.6,
          "current"),
      new Spend("HOME_HARDWARE", new String[] {"B&Q %d", "WICKES %d", "SCREWFIX %d"}, 8, 90, 0.6, "credit-card"),
      new Spend("ENTERTAINMENT_SPORTING_EVENTS", new String[] {"TICKETMASTER UK", "ODEON CINEMAS %d",
          "VUE CINEMAS"}, 9, 70, 0.7, "credit-card"),
      new Spend("TRANSFER_OUT_WITHDRAWAL", new String[] {"CASH WITHDRAWAL LINK ATM %d", "CASH HSBC ATM %d"}, 20, 100,
          1.2, "current"),
  };

  /** A recurring bill. */
  private record Bill(String series, String category, String description, String amount, int dayOfMonth,
      int everyMonths, String account, int fromMonth, int untilMonth, String newAmount, int changeMonth) {}

  private static final Bill[] BILLS = {
      new Bill("rent", "HOME_RENT", "SO LANDLORD PROPERTIES RENT", "-1250.00", 1, 1, "current", 0, 999, null, -1),
      new Bill("council-tax", "HOME_COUNCIL_TAX", "DD LONDON BOROUGH COUNCIL TAX", "-148.00", 3, 1, "current", 0, 999,
          null, -1),
      new Bill("energy", "RENT_AND_UTILITIES_GAS_AND_ELECTRICITY", "DD BRITISH GAS", "-96.00", 8, 1, "current", 0, 999,
          "-112.00", 12),
      new Bill("water", "RENT_AND_UTILITIES_WATER", "DD THAMES WATER", "-118.40", 12, 3, "current", 0, 999, null, -1),
      new Bill("broadband", "RENT_AND_UTILITIES_INTERNET_AND_CABLE", "DD VIRGIN MEDIA", "-45.00", 14, 1, "current", 0,
          999, "-49.50", 15),
      new Bill("mobile", "RENT_AND_UTILITIES_TELEPHONE", "DD EE LIMITED", "-22.00", 18, 1, "current", 0, 999, null, -1),
      new Bill("tv-licence", "RENT_AND_UTILITIES_TV_LICENCE", "DD TV LICENCE MBP", "-14.13", 1, 1, "current", 0, 999,
          null, -1),
      new Bill("gym", "PERSONAL_CARE_GYMS_AND_FITNESS", "DD PUREGYM LTD", "-24.99", 5, 1, "current", 0, 999, null, -1),
      new Bill("charity", "GOVERNMENT_AND_NON_PROFIT_DONATIONS", "DD OXFAM", "-10.00", 20, 1, "current", 0, 999, null,
          -1),
      new Bill("savings", "TRANSFER_OUT_SAVINGS", "TFR TO SAVINGS ****4471", "-300.00", 26, 1, "current", 0, 999,
          null, -1),
      new Bill("netflix", "ENTERTAINMENT_TV_AND_MOVIES", "NETFLIX.COM", "-10.99", 15, 1, "credit-card", 0, 999,
          "-12.99", 14),
      new Bill("spotify", "ENTERTAINMENT_MUSIC_AND_AUDIO", "SPOTIFY P%d", "-11.99", 22, 1, "credit-card", 0, 999, null,
          -1),
      new Bill("disney", "ENTERTAINMENT_TV_AND_MOVIES", "DISNEY PLUS", "-7.99", 9, 1, "credit-card", 0, 10, null, -1),
      new Bill("icloud", "GENERAL_SERVICES_SUBSCRIPTIONS", "APPLE.COM/BILL", "-2.99", 11, 1, "credit-card", 0, 999,
          null, -1),
      new Bill("home-insurance", "HOME_HOME_INSURANCE", "AVIVA HOME INSURANCE", "-214.50", 7, 12, "credit-card", 2, 999,
          null, -1),
      new Bill("car-insurance", "TRANSPORTATION_CAR_INSURANCE", "DD ADMIRAL INSURANCE", "-61.20", 2, 1, "current", 0,
          999, null, -1),
  };

  private static final String[] CITIES = {"LONDON", "MANCHESTER", "LEEDS", "BRISTOL", "CROYDON", ""};
  private static final String[] STYLES = {"POS %s %s", "CARD PAYMENT TO %2$s ON %3$s", "CONTACTLESS %2$s",
      "%2$s", "VIS %2$s", "%2$s ****%1$s"};

  /**
   * Generates the rows, ordered by date, then account.
   *
   * @return the rows, each with its transaction and truth
   */
  public List<SampleRow> generate() {
    Random r = new Random(seed);
    List<Draft> drafts = new ArrayList<>();
    for (int person = 0; person < people; person++) {
      String suffix = people == 1 ? "" : "-" + (person + 1);
      int first = drafts.size();
      generatePerson(r, suffix, drafts, first);
      if (transferCases) {
        // a separate stream, so that the rows without these cases stay exactly as before
        addTransferCases(new Random(seed * 1_000_003L + person), suffix, drafts, first);
      }
    }
    drafts.sort(Comparator.comparing((Draft d) -> d.date).thenComparing(d -> d.account).thenComparingInt(d -> d.order));
    Map<String, BigDecimal> balances = new HashMap<>();
    Map<String, Integer> occurrences = new HashMap<>();
    List<SampleRow> out = new ArrayList<>(drafts.size());
    int line = 1;
    for (Draft d : drafts) {
      line++;
      BigDecimal bal = balances.getOrDefault(d.account, d.account.startsWith("current") ? new BigDecimal("2500.00")
          : BigDecimal.ZERO.setScale(d.amount.scale())).add(d.amount);
      balances.put(d.account, bal);
      Currency cur = d.currency == null ? currency : d.currency;
      Money amount = new Money(d.amount, cur);
      String key = d.account + '|' + d.date + '|' + d.amount + '|' + d.description;
      int occ = occurrences.merge(key, 1, Integer::sum) - 1;
      Transaction t = Transaction.builder().account(d.account).bookingDate(d.date).amount(amount)
          .description(d.description).balance(new Money(bal, cur)).category(Category.of(d.category))
          .provenance(new Provenance("transactions.csv", line)).occurrence(occ).build();
      out.add(new SampleRow(t, d.anomaly != null, d.anomaly == null ? "" : d.anomaly, d.series, d.transfer));
    }
    return out;
  }

  private static final class Draft {
    LocalDate date;
    String account;
    String description;
    BigDecimal amount;
    String category;
    String series = "";
    String anomaly;
    String transfer = "";
    Currency currency;
    int order;
  }

  private void generatePerson(Random r, String suffix, List<Draft> out, int first) {
    String card = String.format("%04d", r.nextInt(10000));
    int[] cardPayments = new int[months];
    LocalDate end = start.plusMonths(months);
    // salary and recurring bills
    for (int m = 0; m < months; m++) {
      LocalDate month = start.plusMonths(m);
      LocalDate payday = month.withDayOfMonth(25);
      while (payday.getDayOfWeek() == DayOfWeek.SATURDAY || payday.getDayOfWeek() == DayOfWeek.SUNDAY) {
        payday = payday.minusDays(1);
      }
      add(out, payday, "current" + suffix, "BGC ACME LTD SALARY", new BigDecimal(m >= 12 ? "4100.00" : "3900.00"),
          "INCOME_SALARY", "salary" + suffix, null);
      for (Bill b : BILLS) {
        if (m < b.fromMonth || m >= b.untilMonth || (m - b.fromMonth) % b.everyMonths != 0) {
          continue;
        }
        String amount = b.changeMonth >= 0 && m >= b.changeMonth ? b.newAmount : b.amount;
        int day = Math.min(b.dayOfMonth + r.nextInt(3) - 1, month.lengthOfMonth());
        LocalDate date = month.withDayOfMonth(Math.max(1, day));
        String desc = b.description.contains("%d") ? String.format(b.description, 100000 + r.nextInt(900000))
            : b.description;
        add(out, date, b.account + suffix, desc, new BigDecimal(amount), b.category, b.series + suffix, null);
      }
      // credit card repayment: the same amount leaves the current account and reaches the card
      cardPayments[m] = 350 + r.nextInt(400);
      add(out, month.withDayOfMonth(Math.min(28, month.lengthOfMonth())), "current" + suffix,
          "DD BARCLAYCARD PAYMENT", new BigDecimal(-cardPayments[m] + ".00"), "LOAN_PAYMENTS_CREDIT_CARD",
          "", null).transfer = "card-" + m + suffix;
    }
    // everyday spending
    for (LocalDate d = start; d.isBefore(end); d = d.plusDays(1)) {
      for (Spend s : SPENDING) {
        double perDay = s.perMonth / 30.4;
        if (s.category.equals("TRANSPORTATION_PUBLIC_TRANSIT") && (d.getDayOfWeek().getValue() >= 6)) {
          perDay *= 0.3;
        }
        if (r.nextDouble() < perDay) {
          String merchant = s.merchants[r.nextInt(s.merchants.length)];
          double v = s.min * Math.exp(r.nextDouble() * Math.log(s.max / s.min));
          add(out, d, s.account + suffix, style(r, merchant, card, d), money(-v), s.category, "", null);
        }
      }
    }
    // card repayments received (the draw is kept so that seeds give the same rows as before)
    for (int m = 0; m < months; m++) {
      LocalDate month = start.plusMonths(m);
      r.nextInt(300);
      add(out, month.withDayOfMonth(Math.min(28, month.lengthOfMonth())).plusDays(1), "credit-card" + suffix,
          "PAYMENT RECEIVED - THANK YOU", new BigDecimal(cardPayments[m] + ".00"), "TRANSFER_IN_ACCOUNT_TRANSFER",
          "", null).transfer = "card-" + m + suffix;
    }
    // two trips a year
    for (int y = 0; y < Math.max(1, months / 12); y++) {
      for (int trip = 0; trip < 2; trip++) {
        LocalDate d = start.plusMonths(y * 12L + 3 + trip * 5).plusDays(r.nextInt(20));
        String[] airlines = {"EASYJET", "RYANAIR", "BRITISH AIRWAYS", "JET2.COM"};
        add(out, d.minusDays(30), "credit-card" + suffix, airlines[r.nextInt(airlines.length)] + " " + (1000 + r.nextInt(9000)),
            money(-(90 + r.nextDouble() * 260)), "TRAVEL_FLIGHTS", "", null);
        String[] hotels = {"BOOKING.COM", "PREMIER INN %d", "AIRBNB * HM%d", "HOLIDAY INN %d"};
        add(out, d, "credit-card" + suffix, String.format(hotels[r.nextInt(hotels.length)], 100 + r.nextInt(900)),
            money(-(120 + r.nextDouble() * 420)), "TRAVEL_LODGING", "", null);
      }
    }
    injectAnomalies(r, suffix, out, first);
  }

  /**
   * Injects anomalies into one person's rows, {@code out[first..]}: as many as the anomaly rate of
   * that person's rows, each based on one of that person's everyday payments. Linear in the person's
   * rows (the earlier people's rows are neither counted nor sampled).
   */
  private void injectAnomalies(Random r, String suffix, List<Draft> out, int first) {
    List<Draft> everyday = new ArrayList<>();
    int size = out.size();
    for (int i = first; i < size; i++) {
      Draft d = out.get(i);
      if (d.series.isEmpty() && d.amount.signum() < 0 && d.anomaly == null) {
        everyday.add(d);
      }
    }
    int n = (int) Math.round((size - first) * anomalyRate);
    for (int i = 0; i < n; i++) {
      Draft base = everyday.get(r.nextInt(everyday.size()));
      int kind = i % 4;
      switch (kind) {
        case 0 -> { // amount spike at a usual merchant
          double factor = 8 + r.nextDouble() * 10;
          add(out, base.date.plusDays(1 + r.nextInt(3)), base.account, base.description,
              base.amount.multiply(BigDecimal.valueOf(factor)).setScale(2, RoundingMode.HALF_UP), base.category, "",
              "amount_spike");
        }
        case 1 -> // duplicate charge: same merchant, same amount, same or next day
            add(out, base.date.plusDays(r.nextInt(2)), base.account, base.description, base.amount, base.category, "",
                "duplicate_charge");
        case 2 -> { // large payment to a merchant never seen before
          String[] odd = {"WIRE TRANSFER TO GLOBAL TRADING LTD", "CRYPTO EXCHANGE BINANCE", "WESTERN UNION %d",
              "LUXURY WATCHES GENEVA CH", "ONLINE CASINO MALTA %d"};
          String[] cats = {"TRANSFER_OUT_OTHER", "TRANSFER_OUT_INVESTMENT", "TRANSFER_OUT_OTHER",
              "GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES", "ENTERTAINMENT_CASINOS_AND_GAMBLING"};
          int k = r.nextInt(odd.length);
          add(out, base.date, base.account, String.format(odd[k], 1000 + r.nextInt(9000)),
              money(-(900 + r.nextDouble() * 2600)), cats[k], "", "new_merchant_large");
        }
        default -> { // a round, large cash withdrawal at an unusual hour-like pattern
          add(out, base.date, "current" + suffix, "CASH WITHDRAWAL NON-LINK ATM " + (1000 + r.nextInt(9000)),
              new BigDecimal(-(400 + 100 * r.nextInt(6)) + ".00"), "TRANSFER_OUT_WITHDRAWAL", "", "large_cash");
        }
      }
    }
  }

  private static String style(Random r, String merchant, String card, LocalDate d) {
    String m = merchant.contains("%d") ? String.format(merchant, 10 + r.nextInt(9000)) : merchant;
    String city = CITIES[r.nextInt(CITIES.length)];
    if (!city.isEmpty() && r.nextDouble() < 0.5) {
      m = m + " " + city + (r.nextBoolean() ? " GB" : "");
    }
    String style = STYLES[r.nextInt(STYLES.length)];
    String when = d.format(DateTimeFormatter.ofPattern("dd MMM", Locale.ROOT)).toUpperCase(Locale.ROOT);
    String s = String.format(style, style.startsWith("POS") ? String.valueOf(1000 + r.nextInt(9000)) : card, m, when);
    double casing = r.nextDouble();
    if (casing < 0.08) {
      s = s.toLowerCase(Locale.ROOT);
    } else if (casing < 0.15) {
      s = titleCase(s);
    }
    if (r.nextDouble() < 0.05) {
      s = s.replace(" ", "  ");
    }
    return s;
  }

  private static String titleCase(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean up = true;
    for (char c : s.toCharArray()) {
      b.append(up ? Character.toUpperCase(c) : Character.toLowerCase(c));
      up = c == ' ';
    }
    return b.toString();
  }

  private static BigDecimal money(double v) {
    return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP);
  }

  private static Draft add(List<Draft> out, LocalDate date, String account, String desc, BigDecimal amount,
      String category, String series, String anomaly) {
    Draft d = new Draft();
    d.date = date;
    d.account = account;
    d.description = desc;
    d.amount = amount.setScale(2, RoundingMode.HALF_UP);
    d.category = category;
    d.series = series;
    d.anomaly = anomaly;
    d.order = out.size();
    out.add(d);
    return d;
  }

  /** The synthetic GBP→EUR rate on a day: about 1.17, drifting slowly (see {@link #writeRates}). */
  static BigDecimal eurPerGbp(LocalDate d) {
    double t = d.toEpochDay() / 365.25;
    return BigDecimal.valueOf(1.17 + 0.03 * Math.sin(t * 2.1) + 0.01 * Math.sin(t * 11.0)).setScale(4, RoundingMode.HALF_EVEN);
  }

  /**
   * Transfers whose both legs are in the file, across currencies, and near misses that are not
   * transfers: the savings account's leg of every savings transfer, monthly top-ups of a EUR
   * wallet from the current account at the day's rate less a small fee, euro spending from the
   * wallet, two same-amount transfers two days apart, and card refunds equal to a bill paid the
   * same day from the current account (not a transfer: nothing says so).
   */
  private void addTransferCases(Random r, String suffix, List<Draft> out, int first) {
    Currency eur = Currency.getInstance("EUR");
    List<Draft> mine = new ArrayList<>(out.subList(first, out.size()));
    int k = 0;
    for (Draft d : mine) {
      if (d.series.equals("savings" + suffix) && d.anomaly == null) {
        String id = "sav-" + (k++) + suffix;
        d.transfer = id;
        add(out, d.date.plusDays(r.nextInt(2)), "savings" + suffix, "TFR FROM CURRENT ACCOUNT",
            d.amount.negate(), "TRANSFER_IN_SAVINGS", "", null).transfer = id;
      } else if (d.description.equals("DD EE LIMITED") && r.nextInt(3) == 0) {
        // near miss: same amount back the same day on another account, with no transfer wording
        add(out, d.date, "credit-card" + suffix, "REFUND AMAZON MKTPLACE", d.amount.negate(),
            "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES", "", null);
      }
    }
    for (int m = 0; m < months; m++) {
      LocalDate day = start.plusMonths(m).withDayOfMonth(10);
      BigDecimal gbp = new BigDecimal(60 + 10 * r.nextInt(20) + ".00");
      BigDecimal eurAmount = gbp.multiply(eurPerGbp(day)).multiply(new BigDecimal("0.995")).setScale(2, RoundingMode.HALF_EVEN);
      String id = "fx-" + m + suffix;
      add(out, day, "current" + suffix, "TFR TO EUR WALLET", gbp.negate(), "TRANSFER_OUT_ACCOUNT_TRANSFER", "", null)
          .transfer = id;
      Draft in = add(out, day.plusDays(r.nextInt(2)), "eur-wallet" + suffix, "TOP-UP FROM GBP ACCOUNT", eurAmount,
          "TRANSFER_IN_ACCOUNT_TRANSFER", "", null);
      in.transfer = id;
      in.currency = eur;
      String[] shops = {"CARREFOUR PARIS", "SNCF VOYAGES", "CAFE DE FLORE", "MONOPRIX"};
      String[] cats = {"FOOD_AND_DRINK_GROCERIES", "TRAVEL_TRAIN", "FOOD_AND_DRINK_RESTAURANT", "FOOD_AND_DRINK_GROCERIES"};
      int s = r.nextInt(shops.length);
      Draft spend = add(out, day.plusDays(3 + r.nextInt(10)), "eur-wallet" + suffix, shops[s],
          money(-(8 + r.nextDouble() * 40)), cats[s], "", null);
      spend.currency = eur;
      if (m % 6 == 2) { // two same-amount transfers two days apart: each must pair with its own leg
        for (int j = 0; j < 2; j++) {
          String tid = "dup-" + m + "-" + j + suffix;
          LocalDate dd = day.plusDays(5 + 2L * j);
          add(out, dd, "current" + suffix, "TFR TO SAVINGS ****4471", new BigDecimal("-100.00"),
              "TRANSFER_OUT_SAVINGS", "", null).transfer = tid;
          add(out, dd, "savings" + suffix, "TFR FROM CURRENT ACCOUNT", new BigDecimal("100.00"),
              "TRANSFER_IN_SAVINGS", "", null).transfer = tid;
        }
      }
    }
  }

  /**
   * Writes the synthetic exchange rates the transfer cases use, in the European Central Bank's CSV
   * layout ({@code Date,GBP,}: the amount of GBP one euro buys, newest first), one row
   * per weekday. Synthetic, not ECB data.
   *
   * @param from the first day
   * @param to the last day
   * @param file where to write
   * @throws IOException when it cannot be written
   */
  public static void writeRates(LocalDate from, LocalDate to, Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("Date,GBP,\n");
      for (LocalDate d = to; !d.isBefore(from); d = d.minusDays(1)) {
        if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
          continue;
        }
        BigDecimal gbpPerEur = BigDecimal.ONE.divide(eurPerGbp(d), 5, RoundingMode.HALF_EVEN);
        w.write(d + "," + gbpPerEur.toPlainString() + ",\n");
      }
    }
  }

  /**
   * Writes {@code transactions.csv} and {@code truth.csv} into a directory.
   *
   * @param rows the generated rows, in order
   * @param directory the directory (created if missing)
   * @throws IOException when the files cannot be written
   */
  public static void writeCsv(List<SampleRow> rows, Path directory) throws IOException {
    Files.createDirectories(directory);
    try (BufferedWriter tx = Files.newBufferedWriter(directory.resolve("transactions.csv"), StandardCharsets.UTF_8);
        BufferedWriter truth = Files.newBufferedWriter(directory.resolve("truth.csv"), StandardCharsets.UTF_8)) {
      tx.write(TRANSACTIONS_HEADER);
      tx.write('\n');
      truth.write(TRUTH_HEADER);
      truth.write('\n');
      int line = 1;
      for (SampleRow row : rows) {
        line++;
        Transaction t = row.transaction();
        tx.write(t.bookingDate() + "," + t.account() + "," + csv(t.description()) + "," + t.amount().amount().toPlainString()
            + "," + t.amount().currency().getCurrencyCode() + ","
            + (t.balance() == null ? "" : t.balance().amount().toPlainString()));
        tx.write('\n');
        truth.write(line + "," + t.category().code() + "," + row.anomaly() + "," + row.anomalyReason() + ","
            + row.series() + "," + row.transfer());
        truth.write('\n');
      }
    }
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  /**
   * Regenerates the project's {@code sample_data/}: {@code java ... SampleGenerator [dir] [seed] [months]}.
   *
   * @param args optional directory, seed and months
   * @throws IOException when writing fails
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "sample_data");
    Builder b = builder();
    if (args.length > 1) {
      b.seed(Long.parseLong(args[1]));
    }
    if (args.length > 2) {
      b.months(Integer.parseInt(args[2]));
    }
    List<SampleRow> rows = b.build().generate();
    writeCsv(rows, dir);
    System.out.println("wrote " + rows.size() + " transactions to " + dir.resolve("transactions.csv"));
  }

  /** Builds a {@link SampleGenerator}. Not thread-safe. */
  public static final class Builder {
    private long seed = 42;
    private int months = 24;
    private LocalDate start = LocalDate.of(2024, 1, 1);
    private Currency currency = Currency.getInstance("GBP");
    private double anomalyRate = 0.012;
    private int people = 1;
    private boolean transferCases;

    private Builder() {}

    /**
     * Adds transfer cases: both legs of savings transfers, a EUR wallet topped up from the current
     * account (cross-currency), euro spending, and near misses; off by default, so the committed
     * {@code sample_data/} keeps its rows.
     *
     * @param v whether to add them
     * @return this
     */
    public Builder transferCases(boolean v) { this.transferCases = v; return this; }

    /** @param v the seed @return this */
    public Builder seed(long v) { this.seed = v; return this; }

    /** @param v months of history, 1 to 1200 @return this */
    public Builder months(int v) { this.months = v; return this; }

    /** @param v the first day @return this */
    public Builder start(LocalDate v) { this.start = Objects.requireNonNull(v); return this; }

    /** @param v the currency @return this */
    public Builder currency(Currency v) { this.currency = Objects.requireNonNull(v); return this; }

    /** @param v the share of rows injected as anomalies, 0 to 0.2 @return this */
    public Builder anomalyRate(double v) { this.anomalyRate = v; return this; }

    /** @param v how many people (each with a current account and a card); scales the data set @return this */
    public Builder people(int v) { this.people = v; return this; }

    /**
     * Builds the generator.
     *
     * @return the generator
     * @throws IllegalArgumentException naming an option out of range
     */
    public SampleGenerator build() {
      if (months < 1 || months > 1200) {
        throw new IllegalArgumentException("months must be 1..1200: " + months);
      }
      if (!(anomalyRate >= 0 && anomalyRate <= 0.2)) {
        throw new IllegalArgumentException("anomalyRate must be 0..0.2: " + anomalyRate);
      }
      if (people < 1) {
        throw new IllegalArgumentException("people must be >= 1: " + people);
      }
      return new SampleGenerator(this);
    }
  }
}
