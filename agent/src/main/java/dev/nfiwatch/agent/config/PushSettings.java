package dev.nfiwatch.agent.config;

/**
 * Where the agent pushes its metrics ({@code push.*} keys), for jobs that may end before Prometheus
 * scrapes them: a push every {@code intervalSeconds}, a last one at exit, grouped by job and
 * instance; at exit the group is deleted again when {@code deleteAtExit}.
 */
public final class PushSettings {

  private final String url;
  private final int intervalSeconds;
  private final String job;
  private final boolean deleteAtExit;

  PushSettings(String url, int intervalSeconds, String job, boolean deleteAtExit) {
    this.url = url;
    this.intervalSeconds = intervalSeconds;
    this.job = job;
    this.deleteAtExit = deleteAtExit;
  }

  /** The Pushgateway's address, {@code http://host:port} or {@code https://…}. */
  public String url() {
    return url;
  }

  public int intervalSeconds() {
    return intervalSeconds;
  }

  /** The grouping key's {@code job}. */
  public String job() {
    return job;
  }

  public boolean deleteAtExit() {
    return deleteAtExit;
  }
}
