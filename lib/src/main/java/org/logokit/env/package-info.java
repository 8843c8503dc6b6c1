/**
 * The environment report of the welcome chapter and {@code environment/doctor}: Java, engines and
 * their native builds, GPUs.
 *
 * <p><b>Memory rule.</b> Engine probes open a manager and close it before returning.
 */
package org.logokit.env;
