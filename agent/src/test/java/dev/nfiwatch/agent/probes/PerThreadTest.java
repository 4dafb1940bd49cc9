package dev.nfiwatch.agent.probes;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PerThreadTest {

  private final AtomicInteger created = new AtomicInteger();
  private final PerThread<Object> values = new PerThread<>(() -> "value " + created.incrementAndGet());

  @Test
  void eachThreadKeepsItsOwnValueWhateverThreadCameLast() throws Exception {
    Object mine = values.get();
    AtomicReference<Object> theirs = new AtomicReference<>();
    AtomicReference<Object> theirsAgain = new AtomicReference<>();
    Thread other =
        new Thread(
            () -> {
              theirs.set(values.get());
              theirsAgain.set(values.get());
            });
    other.start();
    other.join();

    assertThat(theirs.get()).isNotSameAs(mine).isSameAs(theirsAgain.get());
    assertThat(values.get()).isSameAs(mine);
    assertThat(created.get()).isEqualTo(2);
  }

  @Test
  void allocatesNothingAfterEachThreadsFirstCall() throws Exception {
    Thread other = new Thread(values::get);
    values.get();
    other.start();
    other.join();
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 10_000; i++) {
      values.get();
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertThat(allocated).as("bytes allocated by 10000 lookups").isLessThan(1024);
  }
}
