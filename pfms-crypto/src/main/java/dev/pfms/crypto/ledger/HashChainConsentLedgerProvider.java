package dev.pfms.crypto.ledger;

import dev.pfms.api.consent.ConsentClock;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.api.spi.ConsentLedgerProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code hash-chain} consent ledger: durable, append-only, hash-chained and Ed25519-signed.
 *
 * <p>Options:
 * <ul>
 *   <li>{@code path} (required): the ledger file (JSON lines); {@code <path>.head} is kept beside it.
 *   <li>{@code signingKeyset}: a Tink Ed25519 keyset file. When absent, {@code <path>.signing.json} is
 *       used, and generated when the ledger is new.
 *   <li>{@code kekUri}: the signing keyset file is encrypted under this KEK
 *       (e.g. {@code gcp-kms://…}, {@code password-kek://…}; see {@code dev.pfms.crypto.kms.Keks}).
 *   <li>{@code password} (or, when absent, the environment variable {@code PFMS_LEDGER_PASSWORD}): without
 *       {@code kekUri}, the keyset is encrypted under a KEK derived from this password (PBKDF2, salt in
 *       {@code <path>.kek.json}); {@code kdfIterations} (default 600,000) for a new one.
 *   <li>{@code insecureCleartextKey} (default {@code false}): with neither, keep the key in the clear —
 *       development only (anyone who reads it can forge entries); otherwise opening is refused.
 *   <li>{@code witnessDir}: a second location that keeps the latest signed checkpoint (or
 *       {@code witness}, a {@link LedgerWitness} given programmatically).
 *   <li>{@code adoptLegacy} (default {@code false}): accept a v1 ledger without a checkpoint, once.
 *   <li>{@code fsync} (default {@code true}): force every entry to disk before {@code append} returns.
 *   <li>{@code maxClockSkew} (ISO-8601 duration, default {@code PT5M}): the largest accepted difference
 *       between an appended event's time and the ledger's clock (the ledger records its own time).
 *   <li>{@code clock} (a {@link java.time.Clock}, programmatic only): the ledger's clock.
 * </ul>
 */
public final class HashChainConsentLedgerProvider implements ConsentLedgerProvider {

  /** The ledger file. */
  public static final ConfigKey<Path> PATH = ConfigKey.ofPath("path", null, "the ledger file (JSON lines)");
  /** The signing keyset file. */
  public static final ConfigKey<Path> SIGNING_KEYSET = ConfigKey.ofPath("signing-keyset", null,
      "Tink Ed25519 keyset file; default <path>.signing.json, generated in the clear when new (dev default)");
  /** The KEK that encrypts the signing keyset. */
  public static final ConfigKey<String> KEK_URI = ConfigKey.ofString("kek-uri", null,
      "KEK URI encrypting the signing keyset file (local-keyset://..., gcp-kms://..., aws-kms://...)");
  /** Whether appends are fsync'd. */
  public static final ConfigKey<Boolean> FSYNC = ConfigKey.ofBoolean("fsync", true,
      "force each entry to disk before append returns");

  /** The largest accepted difference between an appended event's time and the ledger clock. */
  public static final ConfigKey<java.time.Duration> MAX_CLOCK_SKEW = ConfigKey.ofDuration("maxClockSkew",
      ConsentClock.DEFAULT_MAX_SKEW, "largest accepted difference between an event's time and the ledger clock");
  /** The ledger's clock, given programmatically. */
  public static final ConfigKey<java.time.Clock> CLOCK = ConfigKey.ofObject("clock", java.time.Clock.class, null,
      "the ledger's clock (default: system UTC)");

  /** The KEK password (prefer the PFMS_LEDGER_PASSWORD environment variable). */
  public static final ConfigKey<String> PASSWORD = ConfigKey.ofString("password", null,
      "KEK password for the signing key (default: environment variable PFMS_LEDGER_PASSWORD)");
  /** PBKDF2 iterations of a new password KEK. */
  public static final ConfigKey<Integer> KDF_ITERATIONS = ConfigKey.ofInt("kdfIterations",
      dev.pfms.crypto.kms.PasswordKmsClient.DEFAULT_ITERATIONS, "PBKDF2 iterations of a new password KEK");
  /** Development only: a cleartext signing key. */
  public static final ConfigKey<Boolean> INSECURE_CLEARTEXT_KEY = ConfigKey.ofBoolean("insecureCleartextKey", false,
      "development only: keep the signing key in the clear when no KEK or password is set");
  /** A second location for the latest checkpoint. */
  public static final ConfigKey<Path> WITNESS_DIR = ConfigKey.ofPath("witnessDir", null,
      "a directory elsewhere that keeps the latest signed checkpoint (detects rollbacks)");
  /** A witness given programmatically. */
  public static final ConfigKey<LedgerWitness> WITNESS = ConfigKey.ofObject("witness", LedgerWitness.class, null,
      "a LedgerWitness keeping the latest signed checkpoint");
  /** Adopt a v1 ledger without a checkpoint. */
  public static final ConfigKey<Boolean> ADOPT_LEGACY = ConfigKey.ofBoolean("adoptLegacy", false,
      "accept a ledger with entries but no checkpoint (v1), once, and give it one");

  /** Creates the provider (cheap, stateless). */
  public HashChainConsentLedgerProvider() {}

  @Override
  public String name() {
    return "hash-chain";
  }

  @Override
  public String description() {
    return "durable append-only consent ledger: JSON lines, SHA-256 chained, Ed25519-signed (Tink), fsync'd";
  }

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(PATH, SIGNING_KEYSET, KEK_URI, FSYNC, MAX_CLOCK_SKEW, CLOCK, PASSWORD, KDF_ITERATIONS,
        INSECURE_CLEARTEXT_KEY, WITNESS_DIR, WITNESS, ADOPT_LEGACY);
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public ConsentLedger create(ProviderConfig config) {
    try {
      Path path = config.require(PATH);
      String password = config.find(PASSWORD).orElseGet(() -> System.getenv(dev.pfms.crypto.kms.PasswordKmsClient.PASSWORD_ENV));
      LedgerWitness witness = config.find(WITNESS).orElse(null);
      if (witness == null && config.find(WITNESS_DIR).isPresent()) {
        witness = new DirectoryWitness(config.require(WITNESS_DIR), path.getFileName().toString());
      }
      return HashChainConsentLedger.builder(path).signingKeyset(config.get(SIGNING_KEYSET)).kekUri(config.get(KEK_URI))
          .password(password == null || password.isEmpty() ? null : password.toCharArray())
          .kdfIterations(config.get(KDF_ITERATIONS)).insecureCleartextKey(config.get(INSECURE_CLEARTEXT_KEY))
          .fsync(config.get(FSYNC)).clock(new ConsentClock(config.find(CLOCK).orElse(java.time.Clock.systemUTC()),
              config.get(MAX_CLOCK_SKEW))).witness(witness).adoptLegacy(config.get(ADOPT_LEGACY)).open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the consent ledger " + config.get(PATH) + ": " + e.getMessage(), e);
    }
  }
}
