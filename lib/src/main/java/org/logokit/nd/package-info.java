/**
 * NDArray operations that behave the same on every DJL engine: the one home of the kit's engine
 * workarounds.
 *
 * <p>Why a package of its own: MXNet's boolean-mask indexing crashes the JVM on an empty array,
 * neither engine's {@code argSort} is stable, {@code where} broadcasts on one engine and not the
 * other, and MXNet cannot concatenate zero-size arrays. Library code calls these helpers instead of
 * working around an engine locally, so each difference is handled (and tested) once.
 *
 * <p>Memory rule: results are created on the manager of the first array argument; nothing else is
 * kept. Index arrays are always int64.
 */
package org.logokit.nd;
