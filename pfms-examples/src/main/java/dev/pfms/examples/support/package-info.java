/**
 * Helpers the CLI and the dashboard share: choosing the preferred usable provider of an SPI and the
 * synthetic bootstrap training set. Example code, not library API.
 */
package dev.pfms.examples.support;
