package dev.passk.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The broker as its own process: {@code BrokerMain --data-dir DIR}. Prints {@value #READY} followed
 * by the bootstrap address on stdout once clients can connect; stops cleanly on SIGTERM (Ctrl-C),
 * leaving the data folder consistent for the next start.
 */
public final class BrokerMain {

  /** The line prefix that tells a launcher the broker is ready; the bootstrap address follows. */
  public static final String READY = "passk-broker ready at ";

  private BrokerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !args[0].equals("--data-dir")) {
      System.err.println("usage: BrokerMain --data-dir DIR");
      System.exit(2);
    }
    long started = System.nanoTime();
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Path.of(args[1]), Duration.ofSeconds(60));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.close();
      System.out.println("passk-broker stopped");
      stopped.countDown();
    }, "broker-shutdown"));
    System.out.printf("%s%s (data %s, started in %.1f s)%n", READY, broker.bootstrapServers(),
        broker.dataDir(), (System.nanoTime() - started) / 1e9);
    System.out.flush();
    stopped.await();
  }
}
