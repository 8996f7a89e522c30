package org.ttt4j.experiment;

import java.util.List;

/**
 * One {@code ttt4j eval} run of an experiment: its folder name under the experiment's folder and
 * the arguments of {@code ttt4j eval} that make it (without {@code --out}).
 */
public record EvalSpec(String name, List<String> args) {

  public EvalSpec {
    if (!name.matches("[a-z0-9][a-z0-9.-]*")) {
      throw new IllegalArgumentException("run name '" + name + "' must be lower-case letters,"
          + " digits, '.' and '-'");
    }
    args = List.copyOf(args);
  }
}
