package dev.pfms.crypto.ledger;

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
 *       used, and generated (in the clear, with a warning in the log) when the ledger is new. A
 *       cleartext signing key is a development default: anyone who can read it can forge entries.
 *   <li>{@code kekUri}: when set, the signing keyset file is encrypted under this KEK
 *       (e.g. {@code local-keyset:///…} or {@code gcp-kms://…}; see {@code dev.pfms.crypto.kms.Keks}).
 *   <li>{@code fsync} (default {@code true}): force every entry to disk before {@code append} returns.
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
    return List.of(PATH, SIGNING_KEYSET, KEK_URI, FSYNC);
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public ConsentLedger create(ProviderConfig config) {
    try {
      return HashChainConsentLedger.open(config.require(PATH), config.get(SIGNING_KEYSET), config.get(KEK_URI),
          config.get(FSYNC));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the consent ledger " + config.get(PATH) + ": " + e.getMessage(), e);
    }
  }
}
