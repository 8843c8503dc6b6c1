/**
 * Benchmark commands (not tests): training and detection operations timed on the engine in use,
 * with warm-up and repeated runs, printed as a table. Run them under the measurement lock.
 *
 * <p><b>Memory rule.</b> Every case runs under its own sub-manager, closed after each repetition.
 */
package org.logokit.bench;
