package dev.pfms.api.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readers-writer lock on one model directory, across threads and processes. Inside this JVM a
 * {@link ReentrantReadWriteLock} per directory; across processes a {@link FileLock} on the sibling
 * file {@code .<name>.lock} (shared for readers, exclusive for a writer). The OS lock is taken once
 * for all readers of this JVM (a {@code FileLock} is per process, and overlapping ones in one JVM
 * are an error). Where the lock file cannot be created (a read-only location), only the in-JVM lock
 * applies: nobody can write there anyway.
 */
final class DirectoryLock {

  private static final Logger log = LoggerFactory.getLogger(DirectoryLock.class);
  private static final ConcurrentHashMap<Path, Slot> SLOTS = new ConcurrentHashMap<>();

  private DirectoryLock() {}

  /** A held lock; closing releases it. */
  interface Held extends AutoCloseable {
    @Override
    void close() throws IOException;
  }

  private static final class Slot {
    final ReentrantReadWriteLock rw = new ReentrantReadWriteLock(true);
    final Path lockFile;
    int readers;
    FileChannel readChannel;
    FileLock readLock;

    Slot(Path lockFile) {
      this.lockFile = lockFile;
    }
  }

  static Path lockFile(Path directory) {
    return directory.resolveSibling("." + directory.getFileName() + ".lock");
  }

  private static Slot slot(Path directory) {
    return SLOTS.computeIfAbsent(directory, d -> new Slot(lockFile(d)));
  }

  /**
   * Takes the shared lock (blocks while a writer holds it).
   *
   * @param directory the absolute, normalized model directory
   * @return the held lock
   * @throws IOException when the OS lock fails for another reason than a read-only location
   */
  static Held shared(Path directory) throws IOException {
    Slot s = slot(directory);
    s.rw.readLock().lock();
    try {
      synchronized (s) {
        if (s.readers == 0) {
          FileChannel ch = open(s.lockFile, false);
          if (ch != null) {
            try {
              s.readLock = ch.lock(0, Long.MAX_VALUE, true);
              s.readChannel = ch;
            } catch (IOException | RuntimeException e) {
              ch.close();
              throw e;
            }
          }
        }
        s.readers++;
      }
    } catch (IOException | RuntimeException e) {
      s.rw.readLock().unlock();
      throw e;
    }
    return () -> {
      try {
        synchronized (s) {
          if (--s.readers == 0 && s.readChannel != null) {
            try {
              s.readLock.release();
            } finally {
              s.readChannel.close();
              s.readChannel = null;
              s.readLock = null;
            }
          }
        }
      } finally {
        s.rw.readLock().unlock();
      }
    };
  }

  /**
   * Takes the exclusive lock (blocks while anyone holds it).
   *
   * @param directory the absolute, normalized model directory
   * @return the held lock
   * @throws IOException when the lock file cannot be created or locked
   */
  static Held exclusive(Path directory) throws IOException {
    Slot s = slot(directory);
    s.rw.writeLock().lock();
    FileChannel ch;
    FileLock lock;
    try {
      ch = open(s.lockFile, true);
      try {
        lock = ch.lock();
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      s.rw.writeLock().unlock();
      throw e;
    }
    return () -> {
      try {
        try {
          lock.release();
        } finally {
          ch.close();
        }
      } finally {
        s.rw.writeLock().unlock();
      }
    };
  }

  private static FileChannel open(Path lockFile, boolean required) throws IOException {
    try {
      return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      if (required) {
        throw e;
      }
      return null; // no parent directory: there is nothing to read either
    } catch (AccessDeniedException | ReadOnlyFileSystemException e) {
      if (required) {
        throw e;
      }
      log.debug("no lock file {} (read-only location): reading without a process lock", lockFile);
      return null;
    } catch (FileSystemException e) {
      if (required || e.getReason() == null || !e.getReason().toLowerCase(java.util.Locale.ROOT).contains("read-only")) {
        throw e;
      }
      log.debug("no lock file {} (read-only location): reading without a process lock", lockFile);
      return null;
    }
  }
}
