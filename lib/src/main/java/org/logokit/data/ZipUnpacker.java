package org.logokit.data;

import ai.djl.training.util.ProgressBar;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Unpacks a zip safely: no entry may land outside the target folder (zip-slip: absolute names,
 * {@code ..}), the number of entries and the bytes actually written are capped (a corrupt or
 * malicious zip cannot fill the disk), and a password-protected zip gets a message saying how to
 * unpack it by hand. Shows a progress bar over the uncompressed bytes.
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
     * Unpacks {@code zip} into {@code target} (created if needed).
     *
     * @return the number of files written
     * @throws IOException with a message that names the zip and says what to do when the zip is
     *     unreadable, encrypted, escapes the target, or exceeds the caps
     */
    public int unpack(Path zip, Path target) throws IOException {
        Path dest = Files.createDirectories(target).toAbsolutePath().normalize();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            if (file.size() > maxEntries) {
                throw new IOException(zip + " has " + file.size() + " entries, more than the "
                        + maxEntries + " a FlickrLogos-32 zip can have: is it the right file?");
            }
            long declared = 0;
            for (Enumeration<? extends ZipEntry> e = file.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                safeTarget(dest, entry.getName(), zip); // check every name before writing anything
                declared += Math.max(0, entry.getSize());
            }
            if (declared > maxBytes) {
                throw new IOException(zip + " would unpack to " + declared + " bytes, more than the "
                        + maxBytes + " allowed; is it the right file?");
            }
            ProgressBar bar = new ProgressBar("Unpacking", Math.max(1, declared));
            long written = 0;
            int files = 0;
            byte[] buffer = new byte[1 << 16];
            for (Enumeration<? extends ZipEntry> e = file.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                Path out = safeTarget(dest, entry.getName(), zip);
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = file.getInputStream(entry);
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
                } catch (ZipException ze) {
                    if (String.valueOf(ze.getMessage()).contains("encrypted")) {
                        throw new IOException(zip + " is password-protected, which Java cannot "
                                + "unpack. Unpack it with the password you were given, e.g. "
                                + "'unzip -P <password> " + zip.getFileName() + "' or 7-Zip, and "
                                + "run import-flickrlogos --folder <the unpacked folder>.", ze);
                    }
                    throw new IOException(zip + ": entry " + entry.getName() + " is corrupt ("
                            + ze.getMessage() + "). Download the zip again.", ze);
                }
                files++;
            }
            bar.end();
            return files;
        } catch (ZipException e) {
            throw new IOException(zip + " is not a readable zip file (" + e.getMessage()
                    + "). Download it again; an HTML error page saved as .zip looks like this.", e);
        }
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
