package dev.pfms.examples.support;

import dev.pfms.api.ConsentRequiredException;
import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.Purpose;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.crypto.kms.PasswordKmsClient;
import dev.pfms.crypto.ledger.HashChainConsentLedger;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The local user's consent for the CLI: a {@code hash-chain} ledger in a consent directory (default
 * {@code ~/.pfms}), asked for on first use, with a receipt written beside it. The ledger's signing
 * key is encrypted under a KEK derived from {@code PFMS_LEDGER_PASSWORD} (or a password typed at the
 * console); a cleartext key only with the explicit development flag.
 */
public final class LocalConsent {

  /** The data subject: the person running the CLI on their own data. */
  public static final String SUBJECT = "local-user";
  /** What {@code analyze} does with the data. */
  public static final List<Purpose> PURPOSES = List.of(Purpose.CATEGORIZATION, Purpose.ANOMALY_DETECTION,
      Purpose.FORECASTING);

  private LocalConsent() {}

  /**
   * The default consent directory: {@code $PFMS_HOME} or {@code ~/.pfms}.
   *
   * @return the directory
   */
  public static Path defaultDirectory() {
    String home = System.getenv("PFMS_HOME");
    return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".pfms");
  }

  /**
   * Opens the local ledger.
   *
   * @param dir the consent directory
   * @param insecureDevKey allow a cleartext signing key when no password is available
   * @return the ledger
   * @throws IOException when it cannot be opened
   * @throws IllegalArgumentException when no password is available and the dev key is not allowed
   */
  public static HashChainConsentLedger open(Path dir, boolean insecureDevKey) throws IOException {
    return open(dir, password(dir, insecureDevKey));
  }

  /**
   * Opens the local ledger with a password obtained once by {@link #password}.
   *
   * @param dir the consent directory
   * @param password the password, or {@code null} for the development cleartext signing key
   * @return the ledger
   * @throws IOException when it cannot be opened
   */
  public static HashChainConsentLedger open(Path dir, char[] password) throws IOException {
    HashChainConsentLedger.Builder b = HashChainConsentLedger.builder(dir.resolve("consent.jsonl"));
    if (password != null) {
      b.password(password);
    } else {
      b.insecureCleartextKey(true);
    }
    return b.open();
  }

  /**
   * The local ledger and the local field keys.
   *
   * @param ledger the consent ledger (the caller closes it)
   * @param keys the field keys under the same password
   */
  public record Opened(HashChainConsentLedger ledger, LocalKeys keys) {}

  /**
   * Opens the local ledger and the local field keys with one password, asked for once and wiped
   * afterwards; the ledger is closed again when the keys cannot be opened.
   *
   * @param dir the consent directory
   * @param insecureDevKey allow cleartext keys when no password is available
   * @return both
   * @throws IOException when either cannot be opened
   */
  public static Opened openWithKeys(Path dir, boolean insecureDevKey) throws IOException {
    char[] password = password(dir, insecureDevKey);
    try {
      HashChainConsentLedger ledger = open(dir, password);
      try {
        return new Opened(ledger, LocalKeys.open(dir, password));
      } catch (IOException | RuntimeException e) {
        ledger.close();
        throw e;
      }
    } finally {
      if (password != null) {
        java.util.Arrays.fill(password, '\0');
      }
    }
  }

  /**
   * The local user's password for the ledger's signing key and the store's field keys: from
   * {@code PFMS_LEDGER_PASSWORD}, else typed at the console, else none with the development flag.
   *
   * @param dir the consent directory (named in the prompt)
   * @param insecureDevKey allow cleartext keys when no password is available
   * @return the password, or {@code null} for development cleartext keys
   * @throws IllegalArgumentException when no password is available and the dev keys are not allowed
   */
  public static char[] password(Path dir, boolean insecureDevKey) {
    String env = System.getenv(PasswordKmsClient.PASSWORD_ENV);
    Console console = System.console();
    if (env != null && !env.isEmpty()) {
      return env.toCharArray();
    } else if (insecureDevKey) {
      return null;
    } else if (console != null) {
      char[] pw = console.readPassword("pfms: password protecting your consent ledger and store keys in %s: ", dir);
      if (pw == null || pw.length == 0) {
        throw new IllegalArgumentException("no password given for the consent ledger");
      }
      return pw;
    }
    throw new IllegalArgumentException("the consent ledger in " + dir + " needs a password: set "
        + PasswordKmsClient.PASSWORD_ENV + " (or pass --insecure-dev-key for a development ledger)");
  }

  /**
   * Makes sure the local user consented to every purpose, asking on first use.
   *
   * @param ledger the ledger
   * @param dir the consent directory (the receipt goes there)
   * @param assumeYes record consent without asking ({@code --consent yes})
   * @param err where the prompt and the receipt's path are printed
   * @throws ConsentRequiredException when consent is not given
   * @throws IOException when the receipt cannot be written
   */
  public static void ensure(HashChainConsentLedger ledger, Path dir, boolean assumeYes, PrintStream err)
      throws IOException {
    ensure(ledger, dir, PURPOSES, "to analyze your statement", assumeYes, err);
  }

  /**
   * Makes sure the local user consented to the given purposes, asking on first use.
   *
   * @param ledger the ledger
   * @param dir the consent directory (the receipt goes there)
   * @param purposes what the command does with the data
   * @param why the command's aim, for the prompt (e.g. "to import your statements")
   * @param assumeYes record consent without asking ({@code --consent yes})
   * @param err where the prompt and the receipt's path are printed
   * @throws ConsentRequiredException when consent is not given
   * @throws IOException when the receipt cannot be written
   */
  public static void ensure(HashChainConsentLedger ledger, Path dir, List<Purpose> purposes, String why,
      boolean assumeYes, PrintStream err) throws IOException {
    Instant now = Instant.now();
    List<Purpose> missing = purposes.stream().filter(p -> !ledger.isGranted(SUBJECT, p, now)).toList();
    if (missing.isEmpty()) {
      return;
    }
    if (!assumeYes) {
      err.println("pfms: " + why + ", pfms will " + describe(missing) + " on this computer.");
      err.println("pfms: nothing leaves the machine; the consent is recorded in a signed ledger in " + dir
          + " and you can revoke it there. Type 'yes' to consent:");
      String answer = readLine();
      if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).equals("yes")) {
        throw new ConsentRequiredException(SUBJECT, missing.get(0), "the user did not consent (answer 'yes' at the"
            + " prompt, or pass --consent yes)");
      }
    }
    for (Purpose p : missing) {
      ledger.append(ConsentEvent.grant(SUBJECT, p, Instant.now(), SUBJECT));
    }
    Path receipt = dir.resolve("consent-receipt.json");
    Files.writeString(receipt, ledger.receipt(SUBJECT, Instant.now()), StandardCharsets.UTF_8);
    err.println("pfms: consent recorded; receipt: " + receipt);
  }

  private static String describe(List<Purpose> ps) {
    StringBuilder b = new StringBuilder();
    for (Purpose p : ps) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(switch (p) {
        case CATEGORIZATION -> "categorize your transactions";
        case ANOMALY_DETECTION -> "look for unusual transactions";
        case FORECASTING -> "forecast your spending";
        case STORAGE -> "keep your transactions and decisions in a local store";
        default -> p.name().toLowerCase(Locale.ROOT);
      });
    }
    return b.toString();
  }

  private static String readLine() throws IOException {
    Console c = System.console();
    if (c != null) {
      return c.readLine();
    }
    return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
  }

  /**
   * The ledger as the pipeline sees it.
   *
   * @param ledger the ledger
   * @return it
   */
  public static ConsentLedger asLedger(HashChainConsentLedger ledger) {
    return ledger;
  }
}
