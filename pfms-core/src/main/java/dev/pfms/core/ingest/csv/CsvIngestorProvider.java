package dev.pfms.core.ingest.csv;

import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.Ingestor;
import dev.pfms.api.spi.IngestorProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code csv} ingestor: bank CSV exports with automatic layout detection and optional profiles.
 *
 * <p>Options: {@code profile} ({@code auto}: detect, and apply a shipped profile whose header matches;
 * {@code none}: detect only; a shipped profile name such as {@code gls}; or a path to a JSON
 * profile), {@code account}, {@code currency}, {@code dayFirst} ({@code auto}/{@code true}/{@code false}),
 * {@code decimal} ({@code auto}, {@code .} or {@code ,}) and {@code strict}.
 */
public final class CsvIngestorProvider implements IngestorProvider {

  /** The profile: {@code auto}, {@code none}, a shipped profile name, or a path to a JSON profile. */
  public static final ConfigKey<String> PROFILE = ConfigKey.ofString("profile", "auto",
      "auto (detect; apply a shipped profile whose header matches), none (detect only), a shipped profile name, "
          + "or a path to a JSON profile");
  /** The account when the file has no account column. */
  public static final ConfigKey<String> ACCOUNT = ConfigKey.ofString("account", null,
      "account name or number when the file has none (numbers are masked to the last 4 digits)");
  /** The currency when the file has no currency column. */
  public static final ConfigKey<String> CURRENCY = ConfigKey.ofString("currency", null,
      "ISO 4217 currency when the file has no currency column, e.g. EUR");
  /** How to read ambiguous numeric dates. */
  public static final ConfigKey<String> DAY_FIRST = new ConfigKey<>("day-first", String.class, "auto",
      "auto (decide from the data), true (dd/MM) or false (MM/dd)", CsvIngestorProvider::tristate);
  /** The decimal separator. */
  public static final ConfigKey<String> DECIMAL = new ConfigKey<>("decimal", String.class, "auto",
      "auto (decide from the data), '.' or ','", v -> {
        String s = v.strip();
        if (s.equals("auto") || s.equals(".") || s.equals(",")) {
          return s;
        }
        throw new IllegalArgumentException("expected auto, '.' or ','");
      });
  /** Whether one bad row fails the whole file. */
  public static final ConfigKey<Boolean> STRICT = ConfigKey.ofBoolean("strict", false,
      "fail the whole file on the first bad row instead of reporting it");

  /** Creates the provider (cheap; ServiceLoader calls it). */
  public CsvIngestorProvider() {}

  @Override
  public String name() {
    return "csv";
  }

  @Override
  public String description() {
    return "Bank CSV exports (commons-csv): detects charset, delimiter, header, dates, decimals and signs; "
        + "JSON profiles";
  }

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(PROFILE, ACCOUNT, CURRENCY, DAY_FIRST, DECIMAL, STRICT);
  }

  @Override
  public Ingestor create(ProviderConfig config) {
    String spec = config.get(PROFILE);
    CsvProfile profile;
    boolean match = false;
    if (spec == null || spec.equals("auto")) {
      profile = CsvProfile.detectAll();
      match = true;
    } else if (spec.equals("none")) {
      profile = CsvProfile.detectAll();
    } else {
      profile = CsvProfile.shipped(spec).orElseGet(() -> {
        Path path = Path.of(spec);
        if (!Files.isRegularFile(path)) {
          throw new IllegalArgumentException("option 'profile': '" + spec + "' is neither a shipped profile "
              + CsvProfile.shippedNames() + " nor a JSON file");
        }
        try {
          return CsvProfile.read(path);
        } catch (IOException e) {
          throw new UncheckedIOException("option 'profile': cannot read " + path, e);
        }
      });
    }
    String day = config.get(DAY_FIRST);
    String dec = config.get(DECIMAL);
    String currency = config.get(CURRENCY);
    if (currency != null) {
      CsvDetector.currency(currency, "option 'currency'");
    }
    return new CsvIngestor(profile, match, config.get(ACCOUNT), currency,
        day.equals("auto") ? null : Boolean.valueOf(day), dec.equals("auto") ? null : dec.charAt(0),
        config.get(STRICT));
  }

  private static String tristate(String v) {
    String s = v.strip().toLowerCase(java.util.Locale.ROOT);
    if (s.equals("auto") || s.equals("true") || s.equals("false")) {
      return s;
    }
    throw new IllegalArgumentException("expected auto, true or false");
  }
}
