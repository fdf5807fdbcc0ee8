/**
 * Scale programs (not JMH): generate large statements with a linear generator and push them through
 * the streaming paths, printing rows/s and peak heap with the machine. Nothing here is a test.
 */
package dev.pfms.benchmarks.scale;
