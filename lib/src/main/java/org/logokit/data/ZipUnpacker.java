package org.logokit.data;

import org.logokit.notebook.ProgressBar;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipException;
import org.logokit.data.zip.UnsupportedZipFeatureException;
import org.logokit.data.zip.ZipArchive;
import org.logokit.data.zip.ZipArchiveEntry;
import org.logokit.data.zip.ZipPasswordException;

/**
 * Unpacks a zip safely: no entry may land outside the target folder (zip-slip: absolute names,
 * {@code ..}), the number of entries and the bytes actually written are capped (a corrupt or
 * malicious zip cannot fill the disk), and every file's size and CRC-32 are checked. Zips encrypted
 * with traditional PKWARE encryption ({@code zip -P}, how FlickrLogos-32 is handed out) are unpacked
 * with a password; AES-encrypted zips get a message saying how to unpack them by hand. Shows a
 * progress bar over the uncompressed bytes.
 */
public final class ZipUnpacker {
    /** Default cap on bytes written: 20 GiB (FlickrLogos-32 v2 unpacks to a few GiB). */
    public static final long DEFAULT_MAX_BYTES = 20L << 30;
    /** Default cap on entries (FlickrLogos-32 v2 has about 15,000 files and folders). */
    public static final int DEFAULT_MAX_ENTRIES = 200_000;

    private final long maxBytes;
    private final int maxEntries;

    /** An unpacker with the default caps. */
    public ZipUnpacker() {
        this(DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES);
    }

    /** An unpacker with given caps on bytes written and entries. */
    public ZipUnpacker(long maxBytes, int maxEntries) {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /**
     * Unpacks an unencrypted {@code zip} into {@code target} (created if needed).
     *
     * @return the number of files written
     * @throws IOException see {@link #unpack(Path, Path, String)}
     */
    public int unpack(Path zip, Path target) throws IOException {
        return unpack(zip, target, null);
    }

    /**
     * Unpacks {@code zip} into {@code target} (created if needed). Before anything is written, every
     * name is checked for zip-slip, the declared sizes against the cap, every file's compression
     * and encryption for support, and the password against every encrypted file's check byte.
     *
     * @param zip the zip file
     * @param target the folder to unpack into
     * @param password the password for entries encrypted with {@code zip -P}; null for none
     * @return the number of files written
     * @throws IOException with a message that names the zip and says what to do when the zip is
     *     unreadable, truncated, encrypted (no or a wrong password, or AES), escapes the target,
     *     exceeds the caps, or an entry's data is corrupt
     */
    public int unpack(Path zip, Path target, String password) throws IOException {
        Path dest = Files.createDirectories(target).toAbsolutePath().normalize();
        ZipArchive archive;
        try {
            archive = ZipArchive.open(zip);
        } catch (ZipException e) {
            throw new IOException(zip + " is not a readable zip file (" + e.getMessage()
                    + "). Download it again; an HTML error page saved as .zip looks like this.", e);
        } catch (UnsupportedZipFeatureException e) {
            throw unsupported(zip, e);
        }
        try (archive) {
            List<ZipArchiveEntry> entries = archive.entries();
            if (entries.size() > maxEntries) {
                throw new IOException(zip + " has " + entries.size() + " entries, more than the "
                        + maxEntries + " a FlickrLogos-32 zip can have: is it the right file?");
            }
            long declared = 0;
            for (ZipArchiveEntry entry : entries) {
                safeTarget(dest, entry.name(), zip); // check every name before writing anything
                declared += Math.max(0, entry.size());
            }
            if (declared > maxBytes) {
                throw new IOException(zip + " would unpack to " + declared + " bytes, more than the "
                        + maxBytes + " allowed; is it the right file?");
            }
            for (ZipArchiveEntry entry : entries) {
                if (entry.isDirectory()) {
                    continue;
                }
                ZipArchive.checkSupported(entry);
                if (!archive.passwordOpens(entry, password)) {
                    throw new ZipPasswordException(entry.name(), false);
                }
            }
            ProgressBar bar = new ProgressBar("Unpacking", Math.max(1, declared));
            long written = 0;
            int files = 0;
            byte[] buffer = new byte[1 << 16];
            for (ZipArchiveEntry entry : entries) {
                Path out = safeTarget(dest, entry.name(), zip);
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = archive.open(entry, password);
                        OutputStream os = Files.newOutputStream(out)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        written += n;
                        if (written > maxBytes) {
                            throw new IOException(zip + " unpacks to more than " + maxBytes
                                    + " bytes (its sizes lie); stopped. Is it the right file?");
                        }
                        os.write(buffer, 0, n);
                        bar.increment(n);
                    }
                }
                files++;
            }
            bar.end();
            return files;
        } catch (ZipPasswordException e) {
            throw e.passwordMissing()
                    ? new IOException(zip + " is password-protected (" + e.entryName() + " is "
                            + "encrypted). Pass the password the FlickrLogos-32 authors sent you: "
                            + "import-flickrlogos ZIP --password PW, or set FLICKRLOGOS32_PASSWORD.", e)
                    : new IOException(zip + ": the password does not open " + e.entryName()
                            + ": check the password the FlickrLogos-32 authors sent you.", e);
        } catch (UnsupportedZipFeatureException e) {
            throw unsupported(zip, e);
        } catch (ZipException e) {
            throw new IOException(zip + ": " + e.getMessage() + ". Download the zip again.", e);
        }
    }

    private static IOException unsupported(Path zip, UnsupportedZipFeatureException e) {
        return new IOException(zip + ": " + e.getMessage() + ". Unpack it with 7-Zip ('7z x "
                + zip.getFileName() + "', which also reads AES) or 'unzip', then run "
                + "import-flickrlogos --folder <the unpacked folder>.", e);
    }

    /** Where an entry goes; throws if its name would leave {@code dest}. */
    static Path safeTarget(Path dest, String name, Path zip) throws IOException {
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) {
            throw new IOException(zip + " contains an absolute path '" + name + "'; refusing to "
                    + "unpack it (it would write outside " + dest + ").");
        }
        Path out = dest.resolve(n).normalize();
        if (!out.startsWith(dest) || out.equals(dest) && !n.isEmpty() && !n.equals("./")) {
            throw new IOException(zip + " contains '" + name + "', which would be written outside "
                    + dest + " (zip-slip); refusing to unpack it.");
        }
        return out;
    }
}
