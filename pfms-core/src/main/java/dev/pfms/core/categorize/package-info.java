/**
 * Categorization that needs no ML library: the {@code rules} provider, user {@link
 * dev.pfms.core.categorize.Rule}s, the {@link dev.pfms.core.categorize.CorrectionStore} that keeps
 * every user correction, and {@link dev.pfms.core.categorize.CascadeCategorizer}, which puts rules in
 * front of any model. Model providers live in pfms-ml and depend on this package, never the reverse.
 */
package dev.pfms.core.categorize;
