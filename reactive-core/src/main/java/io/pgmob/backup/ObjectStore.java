package io.pgmob.backup;

import io.pgmob.os.CommandLine;
import java.util.Objects;
import java.util.function.Function;

/**
 * How to stream a backup to, or fetch it from, an object store with a command-line tool on the
 * server host. Pluggable: presets for {@code gsutil} (PGMob's), the AWS CLI and rclone, or {@link
 * #of} with any two commands.
 *
 * <pre>{@code
 * ObjectStore.awsS3()                   // aws s3 cp - s3://...   /   aws s3 cp s3://... -
 * ObjectStore.of(url -> CommandLine.of("mc", "pipe", url), url -> CommandLine.of("mc", "cat", url))
 * }</pre>
 *
 * @param upload given the object's URL, a command that reads the object from standard input
 * @param download given the object's URL, a command that writes the object to standard output
 */
public record ObjectStore(Function<String, CommandLine> upload, Function<String, CommandLine> download) {

  /** Checks that both commands are given. */
  public ObjectStore {
    Objects.requireNonNull(upload, "upload");
    Objects.requireNonNull(download, "download");
  }

  /** A store with these two commands. */
  public static ObjectStore of(Function<String, CommandLine> upload, Function<String, CommandLine> download) {
    return new ObjectStore(upload, download);
  }

  /** Google Cloud Storage through {@code gsutil cp} (as PGMob). */
  public static ObjectStore gsutil() {
    return of(url -> CommandLine.of("gsutil", "cp", "-", url), url -> CommandLine.of("gsutil", "cp", url, "-"));
  }

  /** Amazon S3 (or compatible) through {@code aws s3 cp}. */
  public static ObjectStore awsS3() {
    return of(url -> CommandLine.of("aws", "s3", "cp", "-", url), url -> CommandLine.of("aws", "s3", "cp", url, "-"));
  }

  /** Any rclone remote ({@code remote:bucket/path}) through {@code rclone rcat} / {@code rclone cat}. */
  public static ObjectStore rclone() {
    return of(url -> CommandLine.of("rclone", "rcat", url), url -> CommandLine.of("rclone", "cat", url));
  }
}
