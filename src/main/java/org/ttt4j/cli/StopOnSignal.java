package org.ttt4j.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (or SIGTERM) as a request, not a kill: the JVM's shutdown hook raises a flag that a long
 * loop polls, then waits (up to two minutes) until the loop has written its checkpoint and closed
 * this. Used by the commands whose work must survive an interruption (train, eval).
 */
final class StopOnSignal implements AutoCloseable {

  private final AtomicBoolean requested = new AtomicBoolean();
  private final CountDownLatch done = new CountDownLatch(1);
  private final Thread hook = new Thread(() -> {
    requested.set(true);
    try {
      done.await(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }, "ttt4j-stop");

  private StopOnSignal() {}

  /** Starts listening for the signal. */
  static StopOnSignal install() {
    StopOnSignal s = new StopOnSignal();
    Runtime.getRuntime().addShutdownHook(s.hook);
    return s;
  }

  /** True once a stop was asked for: write a checkpoint and return. */
  boolean requested() {
    return requested.get();
  }

  /** The loop is safe to leave: lets an exiting JVM go on, or stops listening. */
  @Override
  public void close() {
    done.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting because of the signal: the hook is running and now returns
    }
  }
}
