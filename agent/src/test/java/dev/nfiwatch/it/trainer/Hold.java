package dev.nfiwatch.it.trainer;

import java.io.IOException;

/** Keeps a finished trainer alive until its stdin closes, so a test can scrape the agent's metrics. */
final class Hold {

  private Hold() {}

  static void untilStdinCloses() throws IOException {
    System.out.println("holding");
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for EOF
    }
  }
}
