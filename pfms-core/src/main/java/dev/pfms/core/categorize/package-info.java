/**
 * Categorization that needs no ML library: the {@code rules} provider and user
 * {@link dev.pfms.core.categorize.Rule}s. The base every categorizer shares (corrections, the
 * rules-first cascade, training data) lives in {@code dev.pfms.api.categorize}; model providers
 * live in pfms-ml. Nothing here depends on an ML library.
 */
package dev.pfms.core.categorize;
