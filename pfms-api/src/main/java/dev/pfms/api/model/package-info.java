/**
 * The domain model: immutable, thread-safe values ({@link dev.pfms.api.model.Money},
 * {@link dev.pfms.api.model.Transaction}, {@link dev.pfms.api.model.Category} and the result
 * types every provider returns). Nothing here does I/O beyond reading its own resources, and
 * nothing depends on an ML or crypto library.
 */
package dev.pfms.api.model;
