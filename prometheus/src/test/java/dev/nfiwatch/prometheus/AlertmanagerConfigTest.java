package dev.nfiwatch.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The minimal Alertmanager configuration is valid for Alertmanager itself. */
class AlertmanagerConfigTest {

  @Test
  void amtoolAcceptsTheConfigWithItsRouteReceiverAndInhibitRule() throws Exception {
    ExternalTool amtool = ExternalTool.require("amtool", "prometheus-alertmanager");

    ExternalTool.Result result =
        amtool.run(
            ProjectFiles.prometheus(), Duration.ofSeconds(60), "check-config", "alertmanager.yml");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS", "1 inhibit rules", "1 receivers");
  }
}
