package dev.nfiwatch.agent.analysis;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Additions executed by the fused multiply-add units: {@code add(acc, x)} is {@code acc + x},
 * rounded once exactly as {@code +} is, computed as {@code Math.fma(1, x, acc)}. The analysis
 * kernels do more additions than anything else, and CPUs with separate add and multiply-add
 * pipelines (AMD Zen, recent Intel cores) run them side by side when the sums that are off the
 * critical path go to the multiply-add units: on the project's machine that made the kernels about
 * 20 % faster (BENCHMARKS.md).
 *
 * <p>Where {@code Math.fma} is not one instruction (HotSpot without {@code UseFMA}, a JVM that does
 * not say) it is a slow software routine, so plain additions are used instead. Results are
 * bit-identical either way. The JVM is asked once, when the first call is analysed (never during
 * premain).
 */
final class FusedAdd {

  /** Whether {@code Math.fma} compiles to one hardware instruction in this JVM. */
  static final boolean HARDWARE = hardwareFma();

  private FusedAdd() {}

  static double add(double acc, double x) {
    return HARDWARE ? Math.fma(1.0, x, acc) : acc + x;
  }

  static float add(float acc, float x) {
    return HARDWARE ? Math.fma(1f, x, acc) : acc + x;
  }

  /** {@code x − y}, as {@link #add}. */
  static double subtract(double x, double y) {
    return HARDWARE ? Math.fma(-1.0, y, x) : x - y;
  }

  private static boolean hardwareFma() {
    try {
      HotSpotDiagnosticMXBean hotSpot =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return hotSpot != null && "true".equals(hotSpot.getVMOption("UseFMA").getValue());
    } catch (RuntimeException | LinkageError e) {
      return false; // not HotSpot, or no java.management: plain additions
    }
  }
}
