package dev.nfiwatch.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventStepsTest {

  @Test
  void keepsEveryEventBelowTheLimit() {
    EventSteps events = new EventSteps(6);
    events.add(10);
    events.add(20);
    events.add(30);
    events.add(40);
    assertThat(events.steps()).containsExactly(10, 20, 30, 40);
    assertThat(events.total()).isEqualTo(4);
  }

  @Test
  void pastTheLimitKeepsTheFirstHalfAndTheMostRecentHalf() {
    EventSteps events = new EventSteps(6);
    for (long step = 1; step <= 1_000_000; step++) {
      events.add(step);
    }
    assertThat(events.steps()).containsExactly(1, 2, 3, 999_998, 999_999, 1_000_000);
    assertThat(events.total()).isEqualTo(1_000_000);
  }

  @Test
  void recentHalfIsOrderedWhileFilling() {
    EventSteps events = new EventSteps(4);
    for (long step = 1; step <= 4; step++) {
      events.add(step * 100);
    }
    assertThat(events.steps()).containsExactly(100, 200, 300, 400);
    events.add(500);
    assertThat(events.steps()).containsExactly(100, 200, 400, 500);
  }
}
