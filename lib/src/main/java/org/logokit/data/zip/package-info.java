/**
 * A small reader for the FlickrLogos-32 zip (stored and deflated entries, ZIP64 sizes,
 * traditional PKWARE encryption), with checks of every entry's CRC.
 *
 * <p><b>Memory rule.</b> No NDArrays; streams are closed by their callers (try-with-resources).
 */
package org.logokit.data.zip;
