package org.logokit.data;

import org.logokit.notebook.ProgressBar;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;

/**
 * Downloads a file over HTTP(S) with a progress bar, optionally with the user name and password
 * the FlickrLogos-32 authors send on request (HTTP basic authentication). The file is written to
 * {@code <target>.part} and renamed when complete, so an interrupted download never looks finished.
 */
public final class DatasetDownloader {
    private DatasetDownloader() {}

    /**
     * Downloads {@code url} to {@code target}.
     *
     * @param url the address
     * @param user user name for basic authentication, or null
     * @param password password for basic authentication, or null for none
     * @param target the file to write
     * @throws IOException with a message that says what to do: offline, wrong password, not found
     */
    public static Path download(URI url, String user, String password, Path target)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET();
        if (password != null) {
            String credentials = (user == null ? "" : user) + ":" + password;
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException | UnknownHostException e) {
            throw new IOException("Cannot reach " + url.getHost() + " (" + e.getClass().getSimpleName()
                    + "): this machine seems offline. Download the zip in a browser and run "
                    + "import-flickrlogos with its path instead.", e);
        } catch (IOException e) {
            throw new IOException("Download of " + url + " failed: " + e.getMessage()
                    + ". Check the address and your connection, or download the zip in a browser.", e);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            response.body().close();
            throw new IOException(url + " refused the credentials (HTTP " + status + "). Check the "
                    + "user name and password the dataset's authors sent you (--user, --password).");
        }
        if (status / 100 != 2) {
            response.body().close();
            throw new IOException(url + " answered HTTP " + status + ". Check the address.");
        }
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Files.createDirectories(target.toAbsolutePath().getParent());
        ProgressBar bar = new ProgressBar("Downloading",
                length > 0 ? length : 1);
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(part)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                bar.increment(n);
            }
        }
        bar.end();
        return Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
