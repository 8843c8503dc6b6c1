package org.logokit.data.zip;

import java.io.IOException;

/** An encrypted zip entry that cannot be opened: no password was given, or it is the wrong one. */
public class ZipPasswordException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String entryName;
    private final boolean passwordMissing;

    /**
     * Creates the exception.
     *
     * @param entryName the entry that could not be opened
     * @param passwordMissing true when no password was given at all
     */
    public ZipPasswordException(String entryName, boolean passwordMissing) {
        super(passwordMissing ? entryName + " is encrypted and no password was given"
                : "the password does not open " + entryName);
        this.entryName = entryName;
        this.passwordMissing = passwordMissing;
    }

    /** The entry that could not be opened. */
    public String entryName() {
        return entryName;
    }

    /** True when no password was given; false when the given one is wrong. */
    public boolean passwordMissing() {
        return passwordMissing;
    }
}
