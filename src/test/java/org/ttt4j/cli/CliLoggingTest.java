package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command line's logging settings, and that the library does not impose them. */
class CliLoggingTest {

  private static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
  private static final String THREAD = "org.slf4j.simpleLogger.showThreadName";

  private Properties saved;

  @BeforeEach
  void save() {
    saved = (Properties) System.getProperties().clone();
  }

  @AfterEach
  void restore() {
    System.setProperties(saved);
  }

  @Test
  void theCommandLineLogsWarningsOnlyUnlessTheUserSaidOtherwise() {
    System.clearProperty(LEVEL);
    System.clearProperty(THREAD);
    CliLogging.install();
    assertEquals("warn", System.getProperty(LEVEL));
    assertEquals("false", System.getProperty(THREAD));

    System.setProperty(LEVEL, "info");                 // e.g. JAVA_OPTS=-D...=info
    CliLogging.install();
    assertEquals("info", System.getProperty(LEVEL), "the user's setting stands");
  }

  @Test
  void theJarCarriesNoSimpleLoggerSettingsForItsLibraryUsers() throws IOException {
    // slf4j-simple reads simplelogger.properties from the classpath root: one in the main jar
    // would configure the logging of every project using ttt4j as a library
    List<URL> found = Collections.list(
        CliLogging.class.getClassLoader().getResources("simplelogger.properties"));
    assertTrue(found.stream().allMatch(u -> u.toString().contains("/test-classes/")),
        "only the tests' own copy: " + found);
  }

  @Test
  void theTestsLogAsTheCommandLineDoes() throws IOException {
    // the tests' simplelogger.properties copies the CLI's settings (tests run Main.execute, never
    // Main.main, and a logger may be made before any of them): the copy must not drift
    Properties cli = new Properties();
    Properties tests = new Properties();
    try (var in = CliLogging.class.getResourceAsStream(CliLogging.RESOURCE);
        var copy = CliLogging.class.getClassLoader().getResourceAsStream(
            "simplelogger.properties")) {
      cli.load(in);
      tests.load(copy);
    }
    assertEquals(cli, tests, "src/test/resources/simplelogger.properties against "
        + "src/main/resources/org/ttt4j/cli/" + CliLogging.RESOURCE);
  }
}
