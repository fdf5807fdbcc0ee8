/**
 * The {@code stacked-gbm} categorizer: stage 1 neighbour evidence over the labelled history (TF-IDF
 * word and character n-grams, sentence embeddings when present, computed leave-one-out on the
 * training rows), label-name evidence (the text against the label's own name or taxonomy
 * description) and non-text features per candidate label; stage 2 scores each candidate — a
 * similarity score when there is too little to fit, a conditional logit ({@code CandidateLogit})
 * with a few positive pairs per feature, gradient-boosted trees with more, chosen out of fold;
 * calibration on out-of-fold scores; out-of-distribution flagging.
 *
 * <p>{@link dev.pfms.ml.stack.StackedModel} is a pure fit-then-predict value; the categorizer around
 * it only holds and swaps it. What must not live here: correction storage or rules (the categorizer
 * base owns them).
 */
package dev.pfms.ml.stack;
