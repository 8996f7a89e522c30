package org.ttt4j;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.ttt4j.tensor.MallocTuning;
import org.ttt4j.tensor.MklDispatch;

/**
 * Runs the tests with the natives configured as the CLI configures them: MKL's own kernels on AMD
 * ({@link MklDispatch}) are enabled before any test loads the PyTorch engine, and freed memory is
 * kept in the process ({@link MallocTuning}), so the golden equivalence and every numeric test
 * check the configuration users run.
 */
public final class NativeSetup implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    MklDispatch.install();
    MallocTuning.install();
  }
}
