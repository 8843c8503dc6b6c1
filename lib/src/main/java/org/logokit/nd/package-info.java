/**
 * NDArray operations that behave the same on every DJL engine: the one home of the kit's engine
 * workarounds. {@link org.logokit.nd.Indices} (MXNet's boolean-mask indexing crashes the JVM on an
 * empty array), {@link org.logokit.nd.Ranking} (neither engine's {@code argSort} is stable),
 * {@link org.logokit.nd.Select} ({@code where} broadcasts on MXNet and not on PyTorch) and
 * {@link org.logokit.nd.Concat} (MXNet loses the shape of zero-size slices and cannot concatenate
 * them). Library code calls these helpers instead of working around an engine locally, so each
 * difference is handled, and tested on both engines, once.
 *
 * <p><b>Memory rule.</b> Results are created on the manager of the first array argument; nothing
 * else is kept. Index arrays are always int64.
 */
package org.logokit.nd;
