package dev.passk.service;

import java.net.InetAddress;

/** Names this process in records it writes ({@code host/pid}), for load and fault diagnosis. */
public final class ReplicaId {

  private static final String ID = host() + "/" + ProcessHandle.current().pid();

  private ReplicaId() {}

  public static String get() {
    return ID;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown-host";
    }
  }
}
