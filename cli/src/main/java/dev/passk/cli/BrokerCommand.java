package dev.passk.cli;

import dev.passk.broker.BrokerMain;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code ./passk broker [--data-dir DIR]}: the embedded Kafka broker in the foreground until Ctrl-C. */
public final class BrokerCommand implements Command {

  @Override
  public String name() {
    return "broker";
  }

  @Override
  public String summary() {
    return "run the embedded single-node Kafka broker (KRaft) until Ctrl-C";
  }

  @Override
  public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) throws Exception {
    CommandLineOptions options = new CommandLineOptions(args, Set.of("data-dir"), Set.of());
    String dataDir = options.get("data-dir", PasskHome.workDir().resolve("broker").toString());
    BrokerMain.main(new String[] {"--data-dir", dataDir});
    return 0;
  }
}
