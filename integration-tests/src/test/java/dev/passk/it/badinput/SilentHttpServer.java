package dev.passk.it.badinput;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback "HTTP server" that accepts every connection, reads nothing and never answers: what a
 * hung remote verifier looks like to its client. Connections stay open until {@link #close()}.
 */
public final class SilentHttpServer implements AutoCloseable {

  private final ServerSocket socket;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private SilentHttpServer(ServerSocket socket) {
    this.socket = socket;
    this.acceptor = new Thread(this::acceptForever, "silent-http-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static SilentHttpServer start() throws IOException {
    return new SilentHttpServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
  }

  public String url() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/verify";
  }

  /** Connections accepted so far: each is a verification request left unanswered. */
  public int connections() {
    return accepted.size();
  }

  private void acceptForever() {
    try {
      while (!socket.isClosed()) {
        accepted.add(socket.accept());
      }
    } catch (IOException closed) {
      // close() was called
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket s : accepted) {
      s.close();
    }
  }
}
