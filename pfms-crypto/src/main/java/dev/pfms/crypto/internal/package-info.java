/**
 * Implementation helpers of pfms-crypto (Tink registration, atomic file writes, byte codecs). Not
 * API: nothing outside pfms-crypto may use it, and it is not exported from the module.
 */
package dev.pfms.crypto.internal;
