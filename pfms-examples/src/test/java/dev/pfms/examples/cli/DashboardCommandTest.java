package dev.pfms.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DashboardCommandTest {

  @Test
  void dashboardIsASubcommandWithHelp() {
    assertThat(PfmsCli.run("dashboard", "--help")).isZero();
  }

  @Test
  void rejectsAnImpossiblePortAsBadInputWithoutStartingAServer() {
    assertThat(PfmsCli.run("dashboard", "--port", "70000")).isEqualTo(2);
  }
}
