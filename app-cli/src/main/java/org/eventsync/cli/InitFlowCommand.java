package org.eventsync.cli;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eventsync.directus.DirectusFlow;
import org.eventsync.http.HttpTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Creates, or checks and repairs, the Directus Flow that calls {@code serve}'s hook. */
@Command(name = "init-flow", mixinStandardHelpOptions = true,
    description = {"Create the Directus Flow that calls serve's hook on every change of the"
        + " collection, or check it and put back what differs.",
        "The Flow calls SERVE_PUBLIC_URL/hooks/directus with SERVE_WEBHOOK_SECRET."})
final class InitFlowCommand implements Callable<Integer> {
  @Mixin CommonOptions common = new CommonOptions();

  @Option(names = "--dry-run", description = "Say what would be created or changed; change nothing.")
  boolean dryRun;

  @Option(names = "--pair", paramLabel = "NAME",
      description = "With PAIRS_FILE: the Flow of the pair called NAME, calling a worker's hook"
          + " SERVE_PUBLIC_URL/hooks/directus/NAME.")
  Optional<String> pair = Optional.empty();

  @Override
  public Integer call() throws Exception {
    boolean pairs = common.loader().pairs().isPresent();
    if (pairs && pair.isEmpty()) {
      throw new ConfigException("with PAIRS_FILE, init-flow needs --pair NAME: the Flow calls"
          + " that pair's hook on the workers");
    }
    Settings s = pairs ? common.pairs(pair).get(0) : common.settings();
    ServeCommand.Config serve = ServeCommand.config(common.loader().sources(), s);
    URI hook = pairs ? URI.create(serve.directusHook() + "/" + s.pairName())
        : serve.directusHook();
    String secret = serve.server().hookSecret().orElseThrow(() -> new ConfigException(
        "SERVE_WEBHOOK_SECRET is not set: the Flow sends it so that serve can tell Directus's"
            + " calls; make one with: openssl rand -hex 32"));
    try (HttpTransport http = new HttpTransport(s.http())) {
      DirectusFlow flow = new DirectusFlow(http, s.directus(), s.proposing(), hook, secret);
      DirectusFlow.Result result = flow.ensure(dryRun);
      if (result.changes().isEmpty()) {
        Main.log().info("The Flow '{}' is in place, calling {}", flow.name(), hook);
      }
      result.changes().forEach(c -> Main.log().info("{}{}", dryRun ? "Would " : "Done: ", c));
      return ExitCode.OK.code;
    }
  }
}
