/**
 * JMH benchmarks of the embedding categorizer: cold embedding throughput (batched through DJL vs one
 * string per forward pass) and stream scoring throughput with the embedding cache on a realistic,
 * merchant-repeating transaction stream from the seeded sample generator. Benchmarks only; no
 * library code lives here.
 */
package dev.pfms.benchmarks.embed;
