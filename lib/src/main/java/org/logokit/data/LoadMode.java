package org.logokit.data;

/** What {@link FlickrLogos32} does with bad input. */
public enum LoadMode {
    /** Stop at the first problem with a {@link DatasetFormatException} that names file and line. */
    STRICT,
    /**
     * Skip what cannot be read (a bad list line, a missing image, a bad box line), record each skip as
     * a {@link LoadIssue} and go on; {@link FlickrLogos32#issues()} reports them.
     */
    LENIENT
}
