package dev.passk.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The broker and controller ports of a data folder: chosen free on first start, then kept in
 * {@code ports} so a restart on the same folder answers at the same address (clients that knew
 * the broker reconnect by themselves).
 */
record BrokerPorts(int broker, int controller) {

  static BrokerPorts forDataDir(Path dataDir) throws IOException {
    Path file = dataDir.resolve("ports");
    if (Files.exists(file)) {
      String[] parts = Files.readString(file).strip().split(",");
      return new BrokerPorts(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }
    int broker = EmbeddedKafkaBroker.freePort();
    int controller = EmbeddedKafkaBroker.freePort();
    while (controller == broker) {
      controller = EmbeddedKafkaBroker.freePort();
    }
    BrokerPorts ports = new BrokerPorts(broker, controller);
    Files.writeString(file, ports.broker() + "," + ports.controller() + "\n");
    return ports;
  }
}
