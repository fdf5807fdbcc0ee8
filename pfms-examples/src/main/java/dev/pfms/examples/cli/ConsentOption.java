package dev.pfms.examples.cli;

import dev.pfms.api.ConsentRequiredException;
import dev.pfms.api.consent.ConsentGuard;
import dev.pfms.api.model.Purpose;
import dev.pfms.crypto.ledger.HashChainConsentLedger;
import dev.pfms.examples.support.LocalConsent;
import dev.pfms.examples.support.LocalKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The consent options of the store commands and their check, by the same rule as {@code analyze}:
 * the local user's signed ledger in {@code --consent-dir} (default {@code $PFMS_HOME} or {@code ~/.pfms}),
 * its key under {@code PFMS_LEDGER_PASSWORD} (or a password typed at the console, or
 * {@code --insecure-dev-key}); consent asked for on first use ({@code --consent yes} for scripts,
 * {@code --consent no} refuses without asking), with a receipt; and every step checked through a
 * {@link ConsentGuard} before it runs.
 */
final class ConsentOption {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--consent-dir", description = "where your consent ledger and receipt live"
      + " (default: $PFMS_HOME or ~/.pfms)")
  Path consentDir;

  String consent;

  @Option(names = "--consent", paramLabel = "yes|no",
      description = "'yes' records your consent without asking (first use only); 'no' refuses")
  void consent(String value) {
    Flags.require(spec, value == null || value.equalsIgnoreCase("yes") || value.equalsIgnoreCase("no"),
        "--consent takes yes or no; got '" + value + "'");
    consent = value;
  }

  @Option(names = "--insecure-dev-key", description = "development only: keep the consent ledger's signing key"
      + " in the clear when PFMS_LEDGER_PASSWORD is not set")
  boolean insecureDevKey;

  /**
   * The open ledger, the user's consent to a command's purposes checked, and a guard over it.
   *
   * @param ledger the local ledger (closed with this)
   * @param guard checks consent before each guarded call
   * @param keys the local field keys: the store's protector and the models' cipher
   */
  record Consented(HashChainConsentLedger ledger, ConsentGuard guard, LocalKeys keys) implements AutoCloseable {
    /**
     * Fails unless the user's consent to a purpose is in force (and the ledger verifies).
     *
     * @param purpose the purpose
     */
    void require(Purpose purpose) {
      guard.require(LocalConsent.SUBJECT, purpose);
    }

    @Override
    public void close() {
      ledger.close();
    }
  }

  /**
   * Opens the ledger and makes sure the user consented to the purposes, asking on first use.
   *
   * @param purposes what the command does with the data
   * @param why the command's aim, for the prompt
   * @param err where the prompt goes
   * @return the ledger and its guard
   * @throws ConsentRequiredException when consent is not given or the ledger does not verify
   * @throws IOException when the ledger or receipt cannot be written
   */
  Consented ensure(List<Purpose> purposes, String why, PrintStream err) throws IOException {
    Path dir = directory();
    LocalConsent.Opened both = LocalConsent.openWithKeys(dir, insecureDevKey);
    HashChainConsentLedger ledger = both.ledger();
    LocalKeys keys = both.keys();
    try {
      dev.pfms.api.model.LedgerVerification v = ledger.verify();
      if (!v.valid()) {
        throw new ConsentRequiredException(LocalConsent.SUBJECT, purposes.get(0), "the consent ledger in " + dir
            + " fails verification at entry " + v.firstBadEntry() + " (" + v.problem() + "); processing is refused"
            + " until it is restored");
      }
      if ("no".equalsIgnoreCase(consent)) {
        for (Purpose p : purposes) {
          if (!ledger.isGranted(LocalConsent.SUBJECT, p, Instant.now())) {
            throw new ConsentRequiredException(LocalConsent.SUBJECT, p, "refused (--consent no)");
          }
        }
      }
      LocalConsent.ensure(ledger, dir, purposes, why, "yes".equalsIgnoreCase(consent), err);
      Consented c = new Consented(ledger, new ConsentGuard(ledger, Clock.systemUTC()), keys);
      for (Purpose p : purposes) {
        c.require(p);
      }
      return c;
    } catch (IOException | RuntimeException e) {
      ledger.close();
      throw e;
    }
  }

  /**
   * The consent directory: {@code --consent-dir}, else the default.
   *
   * @return the directory
   */
  Path directory() {
    return consentDir != null ? consentDir : LocalConsent.defaultDirectory();
  }

  /**
   * The local field keys only, for commands that read no personal data but must open the store.
   *
   * @return the keys
   * @throws IOException when they cannot be read or created
   */
  LocalKeys keys() throws IOException {
    Path dir = directory();
    char[] password = LocalConsent.password(dir, insecureDevKey);
    try {
      return LocalKeys.open(dir, password);
    } finally {
      if (password != null) {
        java.util.Arrays.fill(password, '\0');
      }
    }
  }
}
