package org.ttt4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The command line's logging: warnings only (libtorch and DJL say a lot at info level), short
 * lines. Set as system properties of slf4j-simple when the program starts, and only where the user
 * has not set them ({@code JAVA_OPTS=-Dorg.slf4j.simpleLogger.defaultLogLevel=info} still works).
 * The settings live in {@code logging.properties} beside this class and not in a
 * {@code simplelogger.properties} at the jar's root, which a project using ttt4j as a library
 * would pick up for its own logging.
 */
final class CliLogging {

  static final String RESOURCE = "logging.properties";

  private CliLogging() {}

  /** Sets each of the command line's logging settings the user has not set; before any logger. */
  static void install() {
    Properties defaults = new Properties();
    try (InputStream in = CliLogging.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the ttt4j jar; rebuild it"
            + " with ./mvnw package");
      }
      defaults.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    defaults.stringPropertyNames()
        .forEach(k -> System.getProperties().putIfAbsent(k, defaults.getProperty(k)));
  }
}
