package dev.pfms.examples.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Flag validation: a bad value fails while the command line is parsed, with the usage and exit code 2. */
final class Flags {

  private Flags() {}

  /**
   * Fails the parse when a flag's value is out of range.
   *
   * @param spec the command's spec
   * @param ok whether the value is acceptable
   * @param message what is wrong and what would be right
   */
  static void require(CommandSpec spec, boolean ok, String message) {
    if (!ok) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }
}
