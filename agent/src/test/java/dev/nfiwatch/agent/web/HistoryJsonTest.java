package dev.nfiwatch.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryJsonTest {

  private static String number(double value) {
    StringBuilder out = new StringBuilder();
    HistoryJson.number(out, value);
    return out.toString();
  }

  @Test
  void nonFiniteNumbersBecomeNull() {
    assertThat(number(Double.NaN)).isEqualTo("null");
    assertThat(number(Double.POSITIVE_INFINITY)).isEqualTo("null");
    assertThat(number(Double.NEGATIVE_INFINITY)).isEqualTo("null");
  }

  @Test
  void finiteNumbersAreValidJsonNumbers() {
    assertThat(number(3)).isEqualTo("3");
    assertThat(number(-0.0)).isEqualTo("0");
    assertThat(number(0.25)).isEqualTo("0.25");
    assertThat(number(1e-9)).isEqualTo("1.0E-9");
    assertThat(number(6.02e23)).isEqualTo("6.02E23");
    assertThat(Double.parseDouble(number(16.635532333438686))).isEqualTo(16.635532333438686);
  }

  @Test
  void stringsAreEscaped() {
    assertThat(HistoryJson.string("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
  }

  @Test
  void writesOneObjectPerProbeWithSeriesAndEvents() {
    ProbeHistory probe = new ProbeHistory("demo \"softmax\"", "0", "observe", 4, 4);
    probe.format("fp32", 16.5);
    double[] row = new double[HistoryColumn.count()];
    Arrays.fill(row, Double.NaN);
    row[HistoryColumn.LOSS.ordinal()] = 2.5;
    row[HistoryColumn.ABSORBED_SHARE.ordinal()] = 0.5;
    row[HistoryColumn.GAP_MIN.ordinal()] = Double.NEGATIVE_INFINITY;
    probe.record(7, row, false);
    row[HistoryColumn.LOSS.ordinal()] = 0.125;
    probe.record(8, row, false);
    probe.spikeStarted(8);

    String json = HistoryJson.write(List.of(probe.snapshot()));

    assertThat(json).isEqualTo("{\"probes\":[{\"probe\":\"demo \\\"softmax\\\"\",\"model\":\"0\",\"dtype\":\"fp32\","
        + "\"mode\":\"observe\",\"verdict\":\"absorbing\",\"steps\":2,\"lastStep\":8,\"points\":2,"
        + "\"stride\":1,\"capacity\":4,\"gapThreshold\":16.5,"
        + "\"series\":{\"step\":[7,8],\"loss\":[2.5,0.125],\"absorbed\":[0.5,0.5],"
        + "\"partial\":[null,null],\"dead\":[null,null],\"residual\":[null,null],"
        + "\"gapMin\":[null,null],\"gapMedian\":[null,null],\"wBarNorm\":[null,null],"
        + "\"hBarNorm\":[null,null],\"wBarGrowth\":[null,null],\"hBarGrowth\":[null,null]},"
        + "\"spikes\":{\"total\":1,\"steps\":[8]},\"onsets\":{\"total\":0,\"steps\":[]}}]}");
  }

  @Test
  void staysSmallHoweverLongTheRun() {
    ProbeHistory probe = new ProbeHistory("demo", "0", "observe");
    probe.format("fp32", 16.6);
    double[] row = new double[HistoryColumn.count()];
    for (long step = 1; step <= 2_000_000; step++) {
      Arrays.fill(row, 1.0 / step + Math.PI);
      probe.record(step, row, false);
      if (step % 1000 == 0) {
        probe.spikeStarted(step);
      }
    }
    String json = HistoryJson.write(List.of(probe.snapshot()));
    // at most 513 points of 12 full-precision numbers and 256 event steps
    assertThat(json.length()).isLessThan(160_000);
    assertThat(json).contains("\"spikes\":{\"total\":2000,");
  }

  @Test
  void writesAnEmptyProbeList() {
    assertThat(HistoryJson.write(List.of())).isEqualTo("{\"probes\":[]}");
  }
}
