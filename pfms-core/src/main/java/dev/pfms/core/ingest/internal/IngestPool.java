package dev.pfms.core.ingest.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The small pool that prepares chunks of rows of large sources (dates, amounts, merchant keys)
 * while the reading thread parses on. Two daemon threads by default (issue 18: "a small pool");
 * {@code -Dpfms.ingest.threads=N} changes it, {@code 0} prepares every chunk on the calling thread.
 * Thread-safe.
 */
public final class IngestPool {

  /** Threads of the pool, from {@code pfms.ingest.threads} (default 2). */
  public static final int THREADS = Math.max(0, Integer.getInteger("pfms.ingest.threads", 2));

  private static final ExecutorService POOL = THREADS == 0 ? null : Executors.newFixedThreadPool(THREADS, r -> {
    Thread t = new Thread(r, "pfms-ingest-" + Holder.COUNT.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private static final class Holder {
    static final AtomicInteger COUNT = new AtomicInteger();
  }

  private IngestPool() {}

  /**
   * Runs a task on the pool (or at once on this thread when the pool has no threads).
   *
   * @param task the task
   * @param <T> its result
   * @return its future
   */
  public static <T> Future<T> submit(Callable<T> task) {
    if (POOL == null) {
      FutureTask<T> f = new FutureTask<>(task);
      f.run();
      return f;
    }
    return POOL.submit(task);
  }
}
