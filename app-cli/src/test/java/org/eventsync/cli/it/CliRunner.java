package org.eventsync.cli.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real jar in its own JVM, as a user runs it, and captures what it prints. */
final class CliRunner {

  /** What one run printed (standard output and error together) and returned. */
  record Result(int exitCode, String output) {}

  private final Path workDir;
  private final Map<String, String> environment;

  CliRunner(Path workDir, Map<String, String> environment) {
    this.workDir = workDir;
    this.environment = environment;
  }

  Path workDir() {
    return workDir;
  }

  /** A runner with some variables changed ({@code null} removes one). */
  CliRunner with(Map<String, String> changes) {
    Map<String, String> env = new HashMap<>(environment);
    changes.forEach((k, v) -> {
      if (v == null) {
        env.remove(k);
      } else {
        env.put(k, v);
      }
    });
    return new CliRunner(workDir, env);
  }

  static Path jar() {
    Path jar = Path.of("target", "event-sync.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: integration tests run after 'package'");
    }
    return jar;
  }

  /** Starts the tool; the caller reads or waits. Output goes to {@code out.log} in the work dir. */
  Process start(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Devent-sync.logs=" + workDir.resolve("logs"));
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.redirectErrorStream(true);
    builder.redirectOutput(workDir.resolve("out.log").toFile());
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv("PATH"));
    builder.environment().putAll(environment);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start event-sync", e);
    }
  }

  Result run(String... args) {
    Process process = start(args);
    try {
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("event-sync did not finish within 180 s");
      }
      String text = Files.readString(workDir.resolve("out.log"), StandardCharsets.UTF_8);
      System.out.println("event-sync " + String.join(" ", args) + " -> " + process.exitValue()
          + "\n" + text);
      return new Result(process.exitValue(), text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
