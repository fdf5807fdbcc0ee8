/**
 * pfms TCK: abstract JUnit 5 contract tests, one per SPI, that every provider's test class extends
 * (as Micrometer's {@code micrometer-test} does for registries). Depend on it in test scope.
 */
module dev.pfms.tck {
  requires transitive dev.pfms.api;
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;
  requires com.fasterxml.jackson.databind;

  exports dev.pfms.tck;

  opens dev.pfms.tck to org.junit.platform.commons;
}
