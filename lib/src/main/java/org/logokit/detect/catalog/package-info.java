/**
 * The catalog of detector kinds: rebuilds any saved detector from its {@code detector.json}.
 *
 * <p>It is the one place that knows every detector family, so the detector packages stay
 * independent of each other and {@code org.logokit.detect} depends on none of them.
 */
package org.logokit.detect.catalog;
