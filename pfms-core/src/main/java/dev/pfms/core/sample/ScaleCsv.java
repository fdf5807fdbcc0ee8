package dev.pfms.core.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * A linear, streaming generator of large CSV statements for scale tests and benchmarks: it writes
 * rows straight to a {@link Writer} (nothing is kept per row), in time O(rows), and stays realistic at
 * every size because the rows are spread over many accounts — each account gets about 3.5
 * transactions a day from 2019-01-01, its dates within 3 days of every other account's, so 5 M rows
 * over 1,000 accounts end in 2022, never past 2199, all accounts together.
 *
 * <p>Layout: {@code Date,Account,Description,Amount,Currency,Balance[,Category]}, the sample-data
 * layout the {@code csv} ingestor detects. About 60 merchants with a category and a typical amount;
 * descriptions carry varying store and card numbers, as bank exports do; one row in 500 is an
 * unusually large amount at its merchant (an injected anomaly). Rows of one account are in date
 * order; the file interleaves the accounts. Deterministic for a seed; not thread-safe.
 */
public final class ScaleCsv {

  private static final String[][] MERCHANTS = {
      {"TESCO STORES", "FOOD_AND_DRINK_GROCERIES", "3800"}, {"SAINSBURYS", "FOOD_AND_DRINK_GROCERIES", "4200"},
      {"WAITROSE", "FOOD_AND_DRINK_GROCERIES", "5200"}, {"LIDL GB", "FOOD_AND_DRINK_GROCERIES", "2600"},
      {"ALDI STORES", "FOOD_AND_DRINK_GROCERIES", "2400"}, {"ASDA SUPERSTORE", "FOOD_AND_DRINK_GROCERIES", "4400"},
      {"COSTA COFFEE", "FOOD_AND_DRINK_COFFEE", "380"}, {"STARBUCKS", "FOOD_AND_DRINK_COFFEE", "420"},
      {"PRET A MANGER", "FOOD_AND_DRINK_COFFEE", "650"}, {"CAFFE NERO", "FOOD_AND_DRINK_COFFEE", "350"},
      {"GREGGS", "FOOD_AND_DRINK_FAST_FOOD", "450"}, {"MCDONALDS", "FOOD_AND_DRINK_FAST_FOOD", "780"},
      {"BURGER KING", "FOOD_AND_DRINK_FAST_FOOD", "820"}, {"DELIVEROO", "FOOD_AND_DRINK_FOOD_DELIVERY", "2600"},
      {"JUST EAT", "FOOD_AND_DRINK_FOOD_DELIVERY", "2300"}, {"DISHOOM", "FOOD_AND_DRINK_RESTAURANT", "5600"},
      {"WAGAMAMA", "FOOD_AND_DRINK_RESTAURANT", "3100"}, {"NANDOS", "FOOD_AND_DRINK_RESTAURANT", "2800"},
      {"MAJESTIC WINE", "FOOD_AND_DRINK_BEER_WINE_AND_LIQUOR", "3500"},
      {"SHELL", "TRANSPORTATION_FUEL", "5500"}, {"BP", "TRANSPORTATION_FUEL", "5200"},
      {"ESSO", "TRANSPORTATION_FUEL", "5000"}, {"TFL TRAVEL CH", "TRANSPORTATION_PUBLIC_TRANSIT", "280"},
      {"TRAINLINE", "TRANSPORTATION_PUBLIC_TRANSIT", "3400"}, {"UBER TRIP", "TRANSPORTATION_TAXIS_AND_RIDE_SHARES", "1400"},
      {"BOLT", "TRANSPORTATION_TAXIS_AND_RIDE_SHARES", "1100"}, {"AMAZON MKTPLACE", "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES", "2400"},
      {"EBAY", "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES", "2100"}, {"ARGOS", "GENERAL_MERCHANDISE_ELECTRONICS", "3900"},
      {"CURRYS", "GENERAL_MERCHANDISE_ELECTRONICS", "8900"}, {"PRIMARK", "GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES", "2500"},
      {"NEXT RETAIL", "GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES", "4600"},
      {"ZARA", "GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES", "4900"}, {"BOOTS", "MEDICAL_PHARMACY", "1200"},
      {"SUPERDRUG", "MEDICAL_PHARMACY", "900"}, {"PUREGYM", "PERSONAL_CARE_GYMS_AND_FITNESS", "2499"},
      {"TONI AND GUY", "PERSONAL_CARE_HAIR_AND_BEAUTY", "4500"}, {"NETFLIX", "ENTERTAINMENT_TV_AND_MOVIES", "1099"},
      {"ODEON CINEMAS", "ENTERTAINMENT_TV_AND_MOVIES", "1300"}, {"SPOTIFY", "ENTERTAINMENT_MUSIC_AND_AUDIO", "1199"},
      {"BRITISH GAS", "RENT_AND_UTILITIES_GAS_AND_ELECTRICITY", "8500"},
      {"OCTOPUS ENERGY", "RENT_AND_UTILITIES_GAS_AND_ELECTRICITY", "9200"},
      {"THAMES WATER", "RENT_AND_UTILITIES_WATER", "3800"}, {"VIRGIN MEDIA", "RENT_AND_UTILITIES_INTERNET_AND_CABLE", "4500"},
      {"BT GROUP", "RENT_AND_UTILITIES_INTERNET_AND_CABLE", "3900"}, {"VODAFONE", "RENT_AND_UTILITIES_TELEPHONE", "2200"},
      {"EE LIMITED", "RENT_AND_UTILITIES_TELEPHONE", "2500"}, {"TV LICENCE", "RENT_AND_UTILITIES_TV_LICENCE", "1325"},
      {"B AND Q", "HOME_HARDWARE", "3600"}, {"SCREWFIX", "HOME_HARDWARE", "2700"},
      {"EASYJET", "TRAVEL_FLIGHTS", "9800"}, {"PREMIER INN", "TRAVEL_LODGING", "8900"},
      {"OXFAM", "GOVERNMENT_AND_NON_PROFIT_DONATIONS", "1000"}, {"AUDIBLE", "GENERAL_SERVICES_SUBSCRIPTIONS", "799"},
      {"APPLE COM BILL", "GENERAL_SERVICES_SUBSCRIPTIONS", "299"}};
  private static final String[] PREFIXES = {"POS ", "CARD PAYMENT TO ", "CONTACTLESS ", "", "", ""};
  private static final String[] TOWNS = {"LONDON", "LEEDS", "BRISTOL", "MANCHESTER", "CROYDON", "YORK"};
  private static final LocalDate START = LocalDate.of(2019, 1, 1);

  private final SplittableRandom random;
  private final int accounts;
  private final int firstAccount;
  private final boolean labelled;
  private final long[] balances;
  private final int[] days;
  private final int[] merchantOf;
  private final StringBuilder line = new StringBuilder(128);
  private long written;

  /**
   * A generator.
   *
   * @param accounts how many accounts the rows are spread over (at least 1); use
   *     {@link #accountsFor} for ~5,000 rows per account
   * @param labelled whether to write the {@code Category} column (ground truth for training)
   * @param seed the seed
   */
  public ScaleCsv(int accounts, boolean labelled, long seed) {
    this(accounts, 0, labelled, seed);
  }

  /**
   * A generator whose accounts are numbered from {@code firstAccount}, so that several generated
   * statements hold different accounts.
   *
   * @param accounts how many accounts the rows are spread over (at least 1)
   * @param firstAccount the number of the first account (at least 0)
   * @param labelled whether to write the {@code Category} column
   * @param seed the seed
   */
  public ScaleCsv(int accounts, int firstAccount, boolean labelled, long seed) {
    if (firstAccount < 0) {
      throw new IllegalArgumentException("firstAccount must be at least 0, was " + firstAccount);
    }
    this.firstAccount = firstAccount;
    if (accounts < 1) {
      throw new IllegalArgumentException("accounts must be at least 1, was " + accounts);
    }
    this.random = new SplittableRandom(seed);
    this.accounts = accounts;
    this.labelled = labelled;
    this.balances = new long[accounts];
    this.days = new int[accounts];
    this.merchantOf = new int[accounts * 8];
    for (int a = 0; a < accounts; a++) {
      balances[a] = 150_000 + random.nextInt(500_000);
    }
    for (int i = 0; i < merchantOf.length; i++) {
      merchantOf[i] = random.nextInt(MERCHANTS.length); // each account's favourite shops
    }
  }

  /**
   * A sensible account count for a row count: about 5,000 rows (four years) per account.
   *
   * @param rows the rows to write
   * @return the account count
   */
  public static int accountsFor(long rows) {
    return (int) Math.max(1, Math.min(1_000_000, rows / 5_000));
  }

  /**
   * The header line (with the line break).
   *
   * @return the header
   */
  public String header() {
    return labelled ? "Date,Account,Description,Amount,Currency,Balance,Category\n"
        : "Date,Account,Description,Amount,Currency,Balance\n";
  }

  /**
   * Writes the header and then {@code rows} rows.
   *
   * @param out where to write (not closed)
   * @param rows how many rows
   * @throws UncheckedIOException when writing fails
   */
  public void write(Writer out, long rows) {
    try {
      out.write(header());
      for (long i = 0; i < rows; i++) {
        out.append(next());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The next row, with its line break (the returned builder is reused by the next call).
   *
   * @return the row
   */
  public CharSequence next() {
    int a = (int) (written % accounts);
    // ~3.5 rows per account and day, at random, but never more than 3 days from the account's
    // expected date: otherwise the accounts' dates drift apart (a random walk of ~30 days at 5,000
    // rows) and the file's last months hold only some of its accounts, a fall in spending that is not
    // in the data's design
    int expected = (int) (written / accounts * 2 / 7);
    written++;
    if (days[a] < expected - 3 || days[a] < expected + 3 && random.nextInt(7) < 2) {
      days[a]++;
    }
    LocalDate date = START.plusDays(days[a]);
    String[] m = MERCHANTS[random.nextInt(4) == 0 ? random.nextInt(MERCHANTS.length)
        : merchantOf[a * 8 + random.nextInt(8)]];
    long typical = Long.parseLong(m[2]);
    long cents;
    if (random.nextInt(60) == 0) {
      cents = 180_000 + random.nextInt(120_000); // salary-like credit
    } else {
      cents = -Math.max(50, typical / 2 + random.nextLong(typical));
      if (random.nextInt(500) == 0) {
        cents *= 10 + random.nextInt(10); // injected anomaly
      }
    }
    balances[a] += cents;
    line.setLength(0);
    line.append(date).append(',').append("ACC-").append(10_000 + firstAccount + a).append(',');
    if (cents > 0) {
      line.append("SALARY ACME LTD");
    } else {
      line.append(PREFIXES[random.nextInt(PREFIXES.length)]).append(m[0]);
      switch (random.nextInt(3)) {
        case 0 -> line.append(' ').append(1000 + random.nextInt(9000)).append(' ')
            .append(TOWNS[random.nextInt(TOWNS.length)]).append(" GB");
        case 1 -> line.append(" ****").append(1000 + random.nextInt(9000));
        default -> { }
      }
    }
    line.append(',');
    money(line, cents);
    line.append(",GBP,");
    money(line, balances[a]);
    if (labelled) {
      line.append(',').append(cents > 0 ? "INCOME_SALARY" : m[1]);
    }
    return line.append('\n');
  }

  private static void money(StringBuilder sb, long cents) {
    if (cents < 0) {
      sb.append('-');
    }
    long v = Math.abs(cents);
    sb.append(v / 100).append('.');
    long c = v % 100;
    if (c < 10) {
      sb.append('0');
    }
    sb.append(c);
  }
}
