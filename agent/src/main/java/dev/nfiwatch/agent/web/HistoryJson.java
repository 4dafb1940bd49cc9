package dev.nfiwatch.agent.web;

import java.util.List;

/**
 * Writes probe history snapshots as the JSON that {@code /api/history} serves and the live page
 * reads. Column arrays are written by hand (the agent carries no JSON library); NaN and infinities
 * become {@code null}, which is what the charts expect for "no value".
 *
 * <pre>{@code
 * {"probes":[{"probe":"demo","model":"0","dtype":"fp32","mode":"observe","verdict":"absorbing",
 *   "steps":1200,"lastStep":1199,"points":300,"stride":4,"capacity":512,"gapThreshold":16.63,
 *   "series":{"step":[3,7,...],"loss":[2.3,...],"absorbed":[0.0,...],...},
 *   "spikes":{"total":1,"steps":[880]},"onsets":{"total":1,"steps":[610]}}]}
 * }</pre>
 */
public final class HistoryJson {

  private HistoryJson() {}

  /** The JSON document for these probes. */
  public static String write(List<ProbeHistory.Snapshot> probes) {
    StringBuilder out = new StringBuilder(1024);
    out.append("{\"probes\":[");
    for (int i = 0; i < probes.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      writeProbe(out, probes.get(i));
    }
    return out.append("]}").toString();
  }

  private static void writeProbe(StringBuilder out, ProbeHistory.Snapshot probe) {
    StepHistory.Snapshot points = probe.points();
    out.append('{');
    field(out, "probe").append(string(probe.probe())).append(',');
    field(out, "model").append(string(probe.model())).append(',');
    field(out, "dtype").append(string(probe.dtype())).append(',');
    field(out, "mode").append(string(probe.mode())).append(',');
    field(out, "verdict").append(string(probe.verdict().label())).append(',');
    field(out, "steps").append(points.recorded()).append(',');
    field(out, "lastStep").append(probe.lastStep()).append(',');
    field(out, "points").append(points.size()).append(',');
    field(out, "stride").append(points.stride()).append(',');
    field(out, "capacity").append(probe.capacity()).append(',');
    field(out, "gapThreshold");
    number(out, probe.gapThreshold());
    out.append(',');
    field(out, "series").append('{');
    field(out, "step").append('[');
    for (int p = 0; p < points.size(); p++) {
      if (p > 0) {
        out.append(',');
      }
      out.append(points.step(p));
    }
    out.append(']');
    for (HistoryColumn column : HistoryColumn.values()) {
      out.append(',');
      field(out, column.jsonName()).append('[');
      for (int p = 0; p < points.size(); p++) {
        if (p > 0) {
          out.append(',');
        }
        number(out, points.value(column, p));
      }
      out.append(']');
    }
    out.append("},");
    events(out, "spikes", probe.spikeTotal(), probe.spikeSteps()).append(',');
    events(out, "onsets", probe.onsetTotal(), probe.onsetSteps());
    out.append('}');
  }

  private static StringBuilder events(StringBuilder out, String name, long total, long[] steps) {
    field(out, name).append("{\"total\":").append(total).append(",\"steps\":[");
    for (int i = 0; i < steps.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(steps[i]);
    }
    return out.append("]}");
  }

  private static StringBuilder field(StringBuilder out, String name) {
    return out.append('"').append(name).append("\":");
  }

  /** Appends a JSON number, or {@code null} for NaN and infinities (which JSON cannot hold). */
  static void number(StringBuilder out, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      out.append("null");
    } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      out.append((long) value);
    } else {
      out.append(value);
    }
  }

  /** A JSON string literal with quotes, backslashes and control characters escaped. */
  public static String string(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }
}
