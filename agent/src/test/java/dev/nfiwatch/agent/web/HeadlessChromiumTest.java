package dev.nfiwatch.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeadlessChromiumTest {

  @Test
  void onlyLoopbackAndInlineUrlsStayOnThisMachine() {
    assertThat(HeadlessChromium.staysOnThisMachine("http://127.0.0.1:9464/api/history")).isTrue();
    assertThat(HeadlessChromium.staysOnThisMachine("http://localhost:9464/")).isTrue();
    assertThat(HeadlessChromium.staysOnThisMachine("data:,")).isTrue();
    assertThat(HeadlessChromium.staysOnThisMachine("chrome://resources/js/util.js")).isTrue();
    assertThat(HeadlessChromium.staysOnThisMachine("https://cdn.jsdelivr.net/npm/uplot")).isFalse();
    assertThat(HeadlessChromium.staysOnThisMachine("http://127.0.0.2.example.org/")).isFalse();
    assertThat(HeadlessChromium.staysOnThisMachine("ws://192.168.1.4:80/")).isFalse();
  }
}
