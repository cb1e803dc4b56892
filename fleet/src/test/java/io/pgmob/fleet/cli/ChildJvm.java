package io.pgmob.fleet.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command that starts a child JVM like this one, as the pgmob launcher starts the CLI. */
final class ChildJvm {

  private ChildJvm() {}

  /**
   * {@code java} of this JVM with this class path; on JDK 22 and later with native access enabled
   * (Netty loads its native transport; JDK 25 warns on stderr otherwise, and the CLI jar's manifest
   * enables it the same way).
   */
  static List<String> java(String... jvmOptions) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    if (Runtime.version().feature() >= 22) {
      cmd.add("--enable-native-access=ALL-UNNAMED");
    }
    cmd.addAll(List.of(jvmOptions));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    return cmd;
  }
}
