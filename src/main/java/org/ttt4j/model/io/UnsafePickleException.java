package org.ttt4j.model.io;

/**
 * A checkpoint's pickle asks for something a weights file never needs (a global outside the
 * allow-list, an arbitrary object construction); it is refused before anything could run.
 */
public final class UnsafePickleException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  UnsafePickleException(String message) {
    super(message);
  }
}
