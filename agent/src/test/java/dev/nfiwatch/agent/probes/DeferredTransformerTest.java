package dev.nfiwatch.agent.probes;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.instrument.ClassFileTransformer;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredTransformerTest {

  @Test
  void buildsTheRealTransformerOnlyWhenAProbedClassLoads() throws Exception {
    AtomicInteger built = new AtomicInteger();
    AtomicInteger delegated = new AtomicInteger();
    byte[] rewritten = {1, 2, 3};
    ClassFileTransformer real =
        new ClassFileTransformer() {
          @Override
          public byte[] transform(
              ClassLoader loader, String name, Class<?> redefined,
              java.security.ProtectionDomain domain, byte[] bytes) {
            delegated.incrementAndGet();
            return rewritten;
          }
        };
    DeferredTransformer deferred =
        new DeferredTransformer(
            Set.of("com.acme.Trainer"),
            () -> {
              built.incrementAndGet();
              return real;
            });

    assertThat(deferred.transform(null, "java/lang/String", null, null, new byte[0])).isNull();
    assertThat(deferred.transform(null, null, null, null, new byte[0])).isNull();
    assertThat(deferred.transform(null, "com/acme/Other", null, null, new byte[0])).isNull();
    assertThat(built.get()).isZero();

    assertThat(deferred.transform(null, "com/acme/Trainer", null, null, new byte[0]))
        .isSameAs(rewritten);
    assertThat(deferred.transform(null, "com/acme/Trainer", null, null, new byte[0]))
        .isSameAs(rewritten);
    assertThat(built.get()).isEqualTo(1);
    assertThat(delegated.get()).isEqualTo(2);
  }
}
