/**
 * JMH benchmarks of pfms-crypto: field encryption and decryption of a typical PII field, blind
 * indexes, consent-ledger appends with and without fsync, and ledger verification. Fixtures come from
 * the seeded sample generator; nothing here is API.
 */
package dev.pfms.benchmarks.crypto;
