package dev.pfms.store;

import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.api.spi.ConsentLedgerProvider;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.store.internal.Dialect;
import dev.pfms.store.internal.SqliteConnections;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sqlite}: the consent ledger in a SQLite database (the store's file or its own), with the
 * tamper evidence of the file ledger: see {@link JdbcConsentLedger}. The signing key is never in
 * the database.
 *
 * <p>Options: {@code path} (the database, default {@code pfms.db}); {@code signing-keyset} (default
 * {@code <path>.consent-signing.json}, beside the database but not in it; put it on another volume or
 * user for more separation); {@code kek-uri}, {@code ledger-password} (default: the environment
 * variable {@code PFMS_LEDGER_PASSWORD}), {@code kdfIterations}, {@code insecureCleartextKey} (as
 * the file ledger: without a KEK opening is refused unless this development flag is set);
 * {@code witnessDir} (default the keyset's directory) or {@code witness}; {@code maxClockSkew},
 * {@code clock}; {@code busy-timeout}; {@code synchronous} (default {@code FULL}: a recorded
 * revocation survives power loss).
 */
public final class SqliteConsentLedgerProvider implements ConsentLedgerProvider {

  /** The database file. */
  public static final ConfigKey<Path> PATH = SqliteStoreProvider.PATH;
  /** The signing keyset file. */
  public static final ConfigKey<Path> SIGNING_KEYSET = LedgerOptions.SIGNING_KEYSET;
  /** The KEK password (prefer the environment variable). */
  public static final ConfigKey<String> LEDGER_PASSWORD = LedgerOptions.LEDGER_PASSWORD;
  /** PBKDF2 iterations of a new password KEK. */
  public static final ConfigKey<Integer> KDF_ITERATIONS = LedgerOptions.KDF_ITERATIONS;
  /** Development only: a cleartext signing key. */
  public static final ConfigKey<Boolean> INSECURE_CLEARTEXT_KEY = LedgerOptions.INSECURE_CLEARTEXT_KEY;
  /** Where the latest checkpoint is also kept. */
  public static final ConfigKey<Path> WITNESS_DIR = LedgerOptions.WITNESS_DIR;
  /** SQLite's synchronous setting for the ledger's connection. */
  public static final ConfigKey<String> SYNCHRONOUS = ConfigKey.ofString("synchronous", "FULL",
      "FULL (default: a recorded entry survives power loss) or NORMAL");

  /** For {@link java.util.ServiceLoader}. */
  public SqliteConsentLedgerProvider() {}

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public String description() {
    return "consent ledger in a SQLite database: hash-chained, Ed25519-signed rows and checkpoints; key outside";
  }

  @Override
  public List<ConfigKey<?>> options() {
    List<ConfigKey<?>> all = new ArrayList<>(List.of(PATH, SqliteStoreProvider.BUSY_TIMEOUT, SYNCHRONOUS));
    all.addAll(LedgerOptions.ALL);
    return List.copyOf(all);
  }

  @Override
  public int priority() {
    return 5;
  }

  @Override
  public ConsentLedger create(ProviderConfig config) {
    Path path = config.get(PATH).toAbsolutePath();
    String sync = config.get(SYNCHRONOUS).toUpperCase(java.util.Locale.ROOT);
    if (!sync.equals("NORMAL") && !sync.equals("FULL")) {
      throw new IllegalArgumentException("option 'synchronous': must be NORMAL or FULL, not " + sync);
    }
    Duration busy = config.get(SqliteStoreProvider.BUSY_TIMEOUT);
    Path keyset = config.find(SIGNING_KEYSET).orElse(path.resolveSibling(path.getFileName() + ".consent-signing.json"));
    var keyOptions = LedgerOptions.keyOptions(config);
    var witness = LedgerOptions.witness(config, keyset);
    SqliteConnections c = SqliteConnections.open(path, busy, sync, 0);
    return JdbcConsentLedger.open(c, Dialect.SQLITE, keyset, keyOptions, LedgerOptions.clock(config), witness);
  }
}
