package dev.pfms.store;

import dev.pfms.api.consent.ConsentClock;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.crypto.kms.PasswordKmsClient;
import dev.pfms.crypto.ledger.DirectoryWitness;
import dev.pfms.crypto.ledger.LedgerSigningKey;
import dev.pfms.crypto.ledger.LedgerWitness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The options both JDBC consent ledger providers share: the signing key, its KEK, the witness, the clock. */
final class LedgerOptions {

  static final ConfigKey<Path> SIGNING_KEYSET = ConfigKey.ofPath("signing-keyset", null,
      "the Ed25519 signing keyset file, outside the database (encrypted under the KEK)");
  static final ConfigKey<String> KEK_URI = ConfigKey.ofString("kek-uri", null,
      "KMS KEK URI encrypting the signing keyset (gcp-kms://..., aws-kms://..., password-kek://...)");
  static final ConfigKey<String> LEDGER_PASSWORD = ConfigKey.ofString("ledger-password", null,
      "KEK password for the signing key (default: environment variable " + PasswordKmsClient.PASSWORD_ENV + ")");
  static final ConfigKey<Integer> KDF_ITERATIONS = ConfigKey.ofInt("kdfIterations",
      PasswordKmsClient.DEFAULT_ITERATIONS, "PBKDF2 iterations of a new password KEK");
  static final ConfigKey<Boolean> INSECURE_CLEARTEXT_KEY = ConfigKey.ofBoolean("insecureCleartextKey", false,
      "development only: keep the signing key in the clear when no KEK or password is set");
  static final ConfigKey<Path> WITNESS_DIR = ConfigKey.ofPath("witnessDir", null,
      "where the latest signed checkpoint is also kept (default: the signing keyset's directory)");
  static final ConfigKey<LedgerWitness> WITNESS = ConfigKey.ofObject("witness", LedgerWitness.class, null,
      "a LedgerWitness keeping the latest signed checkpoint (instead of witnessDir)");
  static final ConfigKey<Duration> MAX_CLOCK_SKEW = ConfigKey.ofDuration("maxClockSkew",
      ConsentClock.DEFAULT_MAX_SKEW, "largest accepted difference between an event's time and the ledger clock");
  static final ConfigKey<Clock> CLOCK = ConfigKey.ofObject("clock", Clock.class, null,
      "the ledger's clock (default: system UTC)");

  static final List<ConfigKey<?>> ALL = List.of(SIGNING_KEYSET, KEK_URI, LEDGER_PASSWORD, KDF_ITERATIONS,
      INSECURE_CLEARTEXT_KEY, WITNESS_DIR, WITNESS, MAX_CLOCK_SKEW, CLOCK);

  private LedgerOptions() {}

  static LedgerSigningKey.Options keyOptions(ProviderConfig config) {
    String pw = config.find(LEDGER_PASSWORD).orElseGet(() -> System.getenv(PasswordKmsClient.PASSWORD_ENV));
    return new LedgerSigningKey.Options(config.get(KEK_URI), pw == null || pw.isEmpty() ? null : pw.toCharArray(),
        config.get(KDF_ITERATIONS), config.get(INSECURE_CLEARTEXT_KEY));
  }

  static ConsentClock clock(ProviderConfig config) {
    return new ConsentClock(config.find(CLOCK).orElse(Clock.systemUTC()), config.get(MAX_CLOCK_SKEW));
  }

  static LedgerWitness witness(ProviderConfig config, Path keyset) {
    LedgerWitness w = config.find(WITNESS).orElse(null);
    if (w != null) {
      return w;
    }
    Path dir = config.find(WITNESS_DIR).orElse(keyset.toAbsolutePath().getParent());
    try {
      return new DirectoryWitness(dir, keyset.getFileName().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the ledger witness in " + dir + ": " + e.getMessage(), e);
    }
  }
}
