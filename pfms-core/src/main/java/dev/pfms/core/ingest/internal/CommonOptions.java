package dev.pfms.core.ingest.internal;

import dev.pfms.api.spi.ConfigKey;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

/** The options every structured-format ingestor accepts (ofx, qif, camt053, mt940). */
public final class CommonOptions {

  /** The account when the file names none. */
  public static final ConfigKey<String> ACCOUNT = ConfigKey.ofString("account", null,
      "account name or number when the file has none (numbers are masked to the last 4 digits)");
  /** The currency when the file names none. */
  public static final ConfigKey<String> CURRENCY = new ConfigKey<>("currency", String.class, null,
      "ISO 4217 currency when the file has none, e.g. EUR", v -> {
        Currency.getInstance(v.strip().toUpperCase(Locale.ROOT));
        return v.strip().toUpperCase(Locale.ROOT);
      });
  /** Whether one bad record fails the whole file. */
  public static final ConfigKey<Boolean> STRICT = ConfigKey.ofBoolean("strict", false,
      "fail the whole file on the first bad record instead of reporting it");

  /** All three. */
  public static final List<ConfigKey<?>> ALL = List.of(ACCOUNT, CURRENCY, STRICT);

  private CommonOptions() {}
}
