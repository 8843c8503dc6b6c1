/**
 * Command-line tools around the dataset: importing the real FlickrLogos-32 zip, preparing the
 * classification splits, printing statistics. Each main parses its options with
 * {@link org.logokit.data.tools.CommandLine} and exits non-zero with a message on bad input.
 *
 * <p><b>Memory rule.</b> No NDArrays.
 */
package org.logokit.data.tools;
