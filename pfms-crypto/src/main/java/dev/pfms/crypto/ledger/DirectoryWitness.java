package dev.pfms.crypto.ledger;

import dev.pfms.crypto.internal.TinkRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@link LedgerWitness} that keeps the latest checkpoint in a file in another directory (mount it
 * from another disk or host, or give it to another OS user, so the ledger's writer cannot rewind it).
 * Writes atomically; refuses a checkpoint older than the one it holds. Thread-safe.
 */
public final class DirectoryWitness implements LedgerWitness {

  private final Path file;

  /**
   * A witness file.
   *
   * @param directory the second location
   * @param ledgerName a name for the ledger, e.g. its file name
   * @throws IOException when the directory cannot be created
   */
  public DirectoryWitness(Path directory, String ledgerName) throws IOException {
    Files.createDirectories(directory);
    this.file = directory.resolve(ledgerName.replaceAll("[^A-Za-z0-9._-]", "_") + ".witness");
  }

  @Override
  public synchronized Optional<Checkpoint> latest() throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Checkpoint.decode(Files.readAllBytes(file)));
    } catch (IllegalArgumentException e) {
      throw new IOException("the witness file " + file + " is not a checkpoint: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void publish(Checkpoint checkpoint) throws IOException {
    Optional<Checkpoint> held = latest();
    if (held.isPresent() && (checkpoint.counter() < held.get().counter() || checkpoint.size() < held.get().size())) {
      throw new IllegalStateException("the witness holds checkpoint #" + held.get().counter() + " of "
          + held.get().size() + " entries; refusing the older #" + checkpoint.counter() + " of " + checkpoint.size());
    }
    TinkRuntime.writeAtomically(file, checkpoint.encode());
  }

  @Override
  public String toString() {
    return "DirectoryWitness[" + file + "]";
  }
}
