package org.eventsync.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.eventsync.directus.DirectusSchema;
import org.eventsync.http.HttpTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Creates the Directus collection and any missing fields, or checks an existing one. */
@Command(name = "init-schema", mixinStandardHelpOptions = true,
    description = "Create the Directus collection and any missing fields; check existing ones.")
final class InitSchemaCommand implements Callable<Integer> {
  @Mixin CommonOptions common = new CommonOptions();

  @Option(names = "--pair", paramLabel = "NAME",
      description = "With PAIRS_FILE: only the pair called NAME (default: every pair).")
  Optional<String> pair = Optional.empty();

  @Override
  public Integer call() throws Exception {
    boolean ready = true;
    for (Settings s : common.pairs(pair)) {
      try (HttpTransport http = new HttpTransport(s.http())) {
        DirectusSchema schema = new DirectusSchema(http, s.directus(), s.fields());
        boolean pairReady = told(schema.ensure(), s.directusCollection());
        if (pairReady && s.proposing().isPresent()) {
          pairReady = told(schema.ensureProposals(s.proposing().get()),
              s.proposing().get().name());
        }
        ready &= pairReady;
      }
    }
    return ready ? ExitCode.OK.code : ExitCode.CONFIGURATION.code;
  }

  /** Says what was made of {@code collection}; whether it is ready. */
  private static boolean told(DirectusSchema.Result result, String collection) {
    if (result.collectionCreated()) {
      Main.log().info("Created the collection '{}'", collection);
    }
    if (!result.fieldsCreated().isEmpty()) {
      Main.log().info("Created the fields {} of '{}'", result.fieldsCreated(), collection);
    }
    result.problems().forEach(p -> Main.log().error("Schema: {}", p));
    if (result.problems().isEmpty()) {
      Main.log().info("The collection '{}' is ready", collection);
      return true;
    }
    return false;
  }
}
