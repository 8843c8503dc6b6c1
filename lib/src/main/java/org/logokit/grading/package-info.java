/**
 * Immediate feedback for exercise sheets: {@link org.logokit.grading.Check} prints PASS lines to
 * standard output and fails with a message that says what was expected. No NDArrays.
 */
package org.logokit.grading;
