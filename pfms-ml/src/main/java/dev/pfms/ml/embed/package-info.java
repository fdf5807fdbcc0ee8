/**
 * The {@code embedding-gbm} categorizer: a real pretrained sentence-embedding model (all-MiniLM-L6-v2
 * by default, or the user's own ONNX or TorchScript model) run offline through DJL, a bounded
 * embedding cache keyed by normalized description, and a small classifier head over the embedding
 * and amount features. DJL engines, natives and the bundled model are optional dependencies: code
 * here checks for them and names the Maven artifact to add, and never downloads anything at run
 * time. Nothing outside this package may depend on DJL types; TF-IDF and anomaly code live elsewhere.
 */
package dev.pfms.ml.embed;
