package dev.pfms.crypto.shred;

import com.google.crypto.tink.Aead;
import dev.pfms.api.consent.ConsentChain;
import dev.pfms.crypto.CryptoException;
import dev.pfms.crypto.field.FieldEncryptor;
import dev.pfms.crypto.field.KeyRevocation;
import dev.pfms.crypto.field.FieldKeyset;
import dev.pfms.crypto.internal.TinkRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-subject data-encryption keys (DEKs) in a directory, each wrapped under a key-encryption key
 * (KEK): the key hierarchy is KEK (local keyset file or cloud KMS) → one {@link FieldKeyset} per
 * subject → that subject's encrypted fields.
 *
 * <p>{@link #shred(String)} erases a subject's keys (crypto-shredding): the key file is overwritten
 * and deleted and a tombstone records the erasure, so every ciphertext of the subject becomes
 * unreadable and no new key is silently made for them. Data that is not the subject's PII (aggregates,
 * the consent ledger, which names subjects by pseudonymous id only) is untouched. Overwriting a file
 * does not defeat copies in backups or on flash wear-levelled blocks: keep DEK files out of backups
 * or use a KMS-held KEK whose rotation retires old wrapped copies.
 *
 * <p>Files are named by the SHA-256 of the subject id, so the directory listing reveals no ids.
 * Thread-safe; encryptors are cached.
 */
public final class SubjectKeyStore {

  private static final Logger LOG = LoggerFactory.getLogger(SubjectKeyStore.class);

  private final Path directory;
  private final Aead kek;
  private final Clock clock;
  private final ConcurrentMap<String, FieldEncryptor> cache = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, KeyRevocation> switches = new ConcurrentHashMap<>();

  private SubjectKeyStore(Path directory, Aead kek, Clock clock) {
    this.directory = directory;
    this.kek = kek;
    this.clock = clock;
  }

  /**
   * Opens (creating if needed) a key directory.
   *
   * @param directory where the wrapped keys live
   * @param kek the key-encryption key, e.g. {@code Keks.aead(uri)}
   * @param clock the time recorded in tombstones
   * @return the store
   * @throws IOException when the directory cannot be created
   */
  public static SubjectKeyStore open(Path directory, Aead kek, Clock clock) throws IOException {
    Files.createDirectories(directory);
    return new SubjectKeyStore(directory, Objects.requireNonNull(kek, "kek"), Objects.requireNonNull(clock, "clock"));
  }

  /**
   * The encryptor of a subject, creating their keys on first use.
   *
   * @param subject the subject's pseudonymous id
   * @return the encryptor over the subject's keys
   * @throws SubjectShreddedException when the subject's keys were erased
   */
  public FieldEncryptor encryptor(String subject) {
    Objects.requireNonNull(subject, "subject");
    FieldEncryptor cached = cache.get(subject);
    if (cached != null) {
      return cached;
    }
    // Loading takes the store's lock (not a map lock), so shred() cannot interleave with it.
    synchronized (this) {
      cached = cache.get(subject);
      if (cached == null) {
        try {
          cached = FieldEncryptor.create(loadOrCreate(subject), revocation(subject));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read or write the key file of a subject in " + directory, e);
        }
        cache.put(subject, cached);
      }
      return cached;
    }
  }

  /**
   * The encryptor of a subject whose keys exist; never creates keys.
   *
   * @param subject the subject
   * @return the encryptor, or empty when the subject has no keys yet
   * @throws SubjectShreddedException when the subject's keys were erased
   */
  public synchronized Optional<FieldEncryptor> existing(String subject) {
    if (isShredded(subject)) {
      throw new SubjectShreddedException(subject);
    }
    return Files.exists(keyFile(subject)) ? Optional.of(encryptor(subject)) : Optional.empty();
  }

  private FieldKeyset loadOrCreate(String subject) throws IOException {
    if (isShredded(subject)) {
      throw new SubjectShreddedException(subject);
    }
    Path f = keyFile(subject);
    if (Files.exists(f)) {
      return readWrapped(f, subject);
    }
    FieldKeyset keys = FieldKeyset.generate();
    writeWrapped(keys, f, subject);
    return keys;
  }

  private FieldKeyset readWrapped(Path f, String subject) throws IOException {
    try {
      return FieldKeyset.unwrap(Files.readAllBytes(f), kek, ad(subject));
    } catch (CryptoException e) {
      throw new CryptoException("cannot unwrap the keys in " + f.getFileName()
          + ": wrong KEK, the file was altered, or it belongs to another subject", e);
    }
  }

  private void writeWrapped(FieldKeyset keys, Path f, String subject) throws IOException {
    TinkRuntime.writeAtomically(f, keys.wrap(kek, ad(subject)));
  }

  /**
   * Erases a subject's keys: overwrites and deletes the key file, writes a tombstone, forgets the
   * cached encryptor. Idempotent.
   *
   * @param subject the subject
   * @return true when keys existed and were erased
   * @throws IOException when the files cannot be changed
   */
  public synchronized boolean shred(String subject) throws IOException {
    Objects.requireNonNull(subject, "subject");
    Path f = keyFile(subject);
    boolean existed = Files.exists(f);
    IOException[] failed = new IOException[1];
    // every encryptor and blind index of the subject, including ones handed out before, stops here:
    // uses in flight finish first, later ones are refused, and the key file goes under the same lock
    revocation(subject).revoke(() -> {
      cache.remove(subject);
      try {
        if (existed) {
          long size = Files.size(f);
          try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[(int) size]));
            ch.force(true);
          }
        }
        TinkRuntime.writeAtomically(tombstone(subject),
            ("{\"shreddedAt\":\"" + clock.instant() + "\"}\n").getBytes(StandardCharsets.UTF_8));
        Files.deleteIfExists(f);
      } catch (IOException e) {
        failed[0] = e;
      }
    });
    if (failed[0] != null) {
      throw failed[0];
    }
    LOG.info("crypto-shredded the keys of one subject (file {})", f.getFileName());
    return existed;
  }

  private KeyRevocation revocation(String subject) {
    return switches.computeIfAbsent(subject, s -> new KeyRevocation(() -> new SubjectShreddedException(s)));
  }

  /**
   * Whether a subject's keys were erased.
   *
   * @param subject the subject
   * @return true after {@link #shred(String)}
   */
  public boolean isShredded(String subject) {
    return Files.exists(tombstone(subject));
  }

  /**
   * Re-wraps every subject's keys under a new KEK (KEK rotation); the DEKs themselves do not change,
   * so no data needs re-encrypting.
   *
   * @param newKek the new key-encryption key
   * @return a store using the new KEK
   * @throws IOException when a file cannot be read or written
   */
  public synchronized SubjectKeyStore rewrap(Aead newKek) throws IOException {
    SubjectKeyStore next = new SubjectKeyStore(directory, newKek, clock);
    try (var files = Files.list(directory)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().endsWith(".dek"))::iterator) {
        // The subject id is not stored; the wrapping context is its hash, which the file name holds.
        String hash = f.getFileName().toString().replace(".dek", "");
        FieldKeyset keys = FieldKeyset.unwrap(Files.readAllBytes(f), kek, adFromHash(hash));
        TinkRuntime.writeAtomically(f, keys.wrap(newKek, adFromHash(hash)));
      }
    }
    return next;
  }

  private static String idHash(String subject) {
    return ConsentChain.sha256Hex(("pfms-subject:" + subject).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] ad(String subject) {
    return adFromHash(idHash(subject));
  }

  private static byte[] adFromHash(String hash) {
    return ("pfms-subject-dek-v1:" + hash).getBytes(StandardCharsets.UTF_8);
  }

  private Path keyFile(String subject) {
    return directory.resolve(idHash(subject) + ".dek");
  }

  private Path tombstone(String subject) {
    return directory.resolve(idHash(subject) + ".shredded");
  }

  /** The directory only. */
  @Override
  public String toString() {
    return "SubjectKeyStore[" + directory + ", cached=" + cache.size() + "]";
  }
}
