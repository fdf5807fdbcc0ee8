package dev.pfms.store.internal;

import dev.pfms.api.store.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One SQLite connection per store, used by one thread at a time. Writers in other processes are
 * kept out by SQLite's own file locks: every write transaction is {@code BEGIN IMMEDIATE}, and a
 * writer waits up to the busy timeout for the lock.
 */
public final class SqliteConnections implements Connections {

  private final Path file;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;

  private SqliteConnections(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /**
   * Opens (creating when missing) and migrates a SQLite database.
   *
   * @param file the database file
   * @param busyTimeout how long a writer waits for another process's lock
   * @param synchronous {@code FULL} or {@code NORMAL} (in WAL mode NORMAL loses no committed
   *     transaction when the process dies, only possibly the last ones on power loss)
   * @param target the schema version to migrate to, 0 for the latest (tests use older targets)
   * @return the connections
   */
  public static SqliteConnections open(Path file, Duration busyTimeout, String synchronous, int target) {
    return open(file, busyTimeout, synchronous, target, 32);
  }

  /**
   * Opens (creating when missing) and migrates a SQLite database with a given page cache.
   *
   * @param file the database file
   * @param busyTimeout how long a writer waits for another process's lock
   * @param synchronous {@code FULL} or {@code NORMAL}
   * @param target the schema version to migrate to, 0 for the latest
   * @param cacheMib the most page cache the connection keeps, in MiB (SQLite allocates it as used)
   * @return the connections
   */
  public static SqliteConnections open(Path file, Duration busyTimeout, String synchronous, int target, int cacheMib) {
    Path abs = file.toAbsolutePath();
    try {
      Path dir = abs.getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new StoreException("cannot create the directory of " + abs + ": " + e.getMessage(), e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(synchronous));
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    config.enforceForeignKeys(true);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    config.setCacheSize(-1024 * cacheMib);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + abs);
    Connection c = null;
    try {
      c = ds.getConnection();
      int version = Migrations.currentVersion(c);
      Migrations.checkNotNewer(version, abs.toString());
      if (version < (target > 0 ? target : Migrations.LATEST)) {
        // Two processes opening a fresh file at once: one migrates, the other waits and finds it done.
        Path lockFile = abs.resolveSibling(abs.getFileName() + ".migrate-lock");
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock ignored = ch.lock()) {
          Migrations.migrate(ds, Dialect.SQLITE, target, abs.toString());
        }
      }
      return new SqliteConnections(abs, c);
    } catch (SQLException | IOException | RuntimeException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof StoreException se) {
        throw se;
      }
      throw new StoreException("cannot open SQLite store " + abs + ": " + e.getMessage(), e);
    }
  }

  @Override
  public <T> T write(Work<T> work) throws SQLException {
    lock.lock();
    try {
      check();
      try (Statement s = connection.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
      }
      T result;
      try {
        result = work.run(connection);
        try (Statement s = connection.createStatement()) {
          s.execute("COMMIT");
        }
      } catch (SQLException | RuntimeException | Error e) {
        rollback(e);
        throw e;
      }
      return result;
    } finally {
      lock.unlock();
    }
  }

  private void rollback(Throwable cause) {
    try (Statement s = connection.createStatement()) {
      s.execute("ROLLBACK");
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public <T> T read(Work<T> work) throws SQLException {
    lock.lock();
    try {
      check();
      return work.run(connection);
    } finally {
      lock.unlock();
    }
  }

  private void check() {
    if (closed) {
      throw new IllegalStateException("the store " + file + " is closed");
    }
  }

  @Override
  public String location() {
    return file.toString();
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        connection.close();
      }
    } catch (SQLException e) {
      throw new StoreException("closing " + file + " failed: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }
}
