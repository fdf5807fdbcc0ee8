package dev.pfms.store;

import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.api.spi.ConsentLedgerProvider;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.store.internal.Dialect;
import dev.pfms.store.internal.PostgresConnections;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code postgresql}: the consent ledger in a PostgreSQL database, with the tamper evidence of the
 * file ledger: see {@link JdbcConsentLedger}. The signing key is never in the database: option
 * {@code signing-keyset} (required) names its file, encrypted under the KEK ({@code kek-uri}, or
 * {@code ledger-password} / the environment variable {@code PFMS_LEDGER_PASSWORD}); the latest
 * checkpoint is also kept in {@code witnessDir} (default: the keyset's directory). Database options
 * as the store's: {@code url}, {@code user}, {@code password}, {@code pool-size} (default 2).
 */
public final class PostgresConsentLedgerProvider implements ConsentLedgerProvider {

  /** The JDBC URL. */
  public static final ConfigKey<String> URL = PostgresStoreProvider.URL;
  /** The database user. */
  public static final ConfigKey<String> USER = PostgresStoreProvider.USER;
  /** The database password. */
  public static final ConfigKey<String> PASSWORD = PostgresStoreProvider.PASSWORD;
  /** The most pooled connections. */
  public static final ConfigKey<Integer> POOL_SIZE = ConfigKey.ofInt("pool-size", 2, 1, 16, "the most pooled connections");
  /** The signing keyset file (required: it cannot default to a place outside the database). */
  public static final ConfigKey<Path> SIGNING_KEYSET = LedgerOptions.SIGNING_KEYSET;
  /** The KEK password (prefer the environment variable). */
  public static final ConfigKey<String> LEDGER_PASSWORD = LedgerOptions.LEDGER_PASSWORD;
  /** PBKDF2 iterations of a new password KEK. */
  public static final ConfigKey<Integer> KDF_ITERATIONS = LedgerOptions.KDF_ITERATIONS;
  /** Development only: a cleartext signing key. */
  public static final ConfigKey<Boolean> INSECURE_CLEARTEXT_KEY = LedgerOptions.INSECURE_CLEARTEXT_KEY;
  /** Where the latest checkpoint is also kept. */
  public static final ConfigKey<Path> WITNESS_DIR = LedgerOptions.WITNESS_DIR;

  /** For {@link java.util.ServiceLoader}. */
  public PostgresConsentLedgerProvider() {}

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public String description() {
    return "consent ledger in PostgreSQL: hash-chained, Ed25519-signed rows and checkpoints; key outside; needs"
        + " 'url' and 'signing-keyset'";
  }

  @Override
  public List<ConfigKey<?>> options() {
    List<ConfigKey<?>> all = new ArrayList<>(List.of(URL, USER, PASSWORD, POOL_SIZE));
    all.addAll(LedgerOptions.ALL);
    return List.copyOf(all);
  }

  @Override
  public int priority() {
    return 5;
  }

  @Override
  public ConsentLedger create(ProviderConfig config) {
    String url = config.require(URL);
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("option 'url' must start with jdbc:postgresql:");
    }
    Path keyset = config.require(SIGNING_KEYSET);
    var keyOptions = LedgerOptions.keyOptions(config);
    var witness = LedgerOptions.witness(config, keyset);
    PostgresConnections c = PostgresConnections.open(url, config.get(USER), config.get(PASSWORD),
        config.get(POOL_SIZE), 0);
    return JdbcConsentLedger.open(c, Dialect.POSTGRESQL, keyset, keyOptions, LedgerOptions.clock(config), witness);
  }
}
