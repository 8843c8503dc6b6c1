package org.logokit.data.zip;

import java.io.IOException;

/**
 * A zip (or one of its entries) that uses a feature this reader does not implement: AES or strong
 * encryption, a compression method other than stored and deflated, a multi-disk archive. The message
 * names the feature; other tools (7-Zip, Info-ZIP {@code unzip}) can usually unpack such zips.
 */
public class UnsupportedZipFeatureException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the entry and the feature. */
    public UnsupportedZipFeatureException(String message) {
        super(message);
    }
}
