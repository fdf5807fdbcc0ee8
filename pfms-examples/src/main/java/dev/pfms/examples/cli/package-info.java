/**
 * The {@code pfms} command line (picocli): {@code analyze}, {@code generate}, {@code providers}. It
 * uses only the public API and whatever providers are on the class path, preferring the ML ones.
 */
package dev.pfms.examples.cli;
