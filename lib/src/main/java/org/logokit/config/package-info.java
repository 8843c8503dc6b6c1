/**
 * Where the kit lives ({@link org.logokit.config.KitPaths}) and how much work it does
 * ({@link org.logokit.config.Profile}: smoke or full), read from system properties or environment
 * variables. No NDArrays.
 */
package org.logokit.config;
