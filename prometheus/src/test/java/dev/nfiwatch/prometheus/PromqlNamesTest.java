package dev.nfiwatch.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromqlNamesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "nfi_onset | nfi_onset",
        "max by (job, instance, probe) (nfi_onset) > 0 | nfi_onset",
        "sum(rate(nfi_absorbed_samples_total{job=~\"$job\", probe=\"a b\"}[$__rate_interval])) by"
            + " (instance) / sum(rate(nfi_samples_total[5m])) | nfi_absorbed_samples_total"
            + " nfi_samples_total",
        "histogram_quantile(0.5, sum by (le) (rate(nfi_logit_gap_nats_bucket[1m]))) |"
            + " nfi_logit_gap_nats_bucket",
        "abs(job_instance_probe:nfi_zero_sum_residual_ratio:avg1m) > 1e-3 |"
            + " job_instance_probe:nfi_zero_sum_residual_ratio:avg1m",
        "up{job=\"nfiwatch\"} == 0 or absent(up{job=\"nfiwatch\"}) | up",
        "nfi_loss offset 5m and on (instance) group_left (probe) nfi_onset | nfi_loss nfi_onset",
        "ALERTS{alertstate=\"firing\"} unless bool nfi_onset | ALERTS nfi_onset",
        "label_replace(nfi_loss, \"x\", \"$1\", \"probe\", \"(.*)\") | nfi_loss",
      })
  void findsTheSelectedMetricNames(String expression, String expected) {
    assertThat(PromqlNames.in(expression)).containsExactlyInAnyOrder(expected.split(" "));
  }
}
