package dev.nfiwatch.agent.config;

import dev.nfiwatch.agent.analysis.AnalysisSpec;
import java.util.Locale;

/**
 * Every configuration key, its default and the values it allows. The table the parser, the README
 * and the error messages are written from.
 */
public enum ConfigKey {
  ENABLED("enabled", "true", "true or false"),
  HOST("host", "127.0.0.1", "a host name or IP address to bind"),
  PORT("port", "9941", "an integer 0-65535 (0 picks a free port)"),
  WEB_CONFIG_FILE("web.config.file", "",
      "a web configuration file in the Prometheus exporter toolkit's format (tls_server_config,"
          + " basic_auth_users; empty: plain HTTP without authentication)"),
  CONFIG("config", "", "a properties file of further keys"),
  MODE("mode", "observe", null),
  ANALYSIS("analysis", "auto",
      "auto, background or inline (auto: background in observe mode, inline in repair mode;"
          + " background needs mode=observe)"),
  ANALYSIS_MAX_SAMPLES("analysis.max.samples", Integer.toString(AnalysisSpec.DEFAULT_MAX_SAMPLES),
      "an integer 1-16777216, the largest batch analysed (larger calls count as batch_too_large;"
          + " 28 bytes of agent heap per sample)"),
  STRICT("strict", "false", "true or false"),
  SNAPSHOT("snapshot", "", "a file to write the final scrape to (empty: none)"),
  INSTANCE("instance", "",
      "a name for this JVM in the instance label of sd.dir targets and pushes (empty: the target's"
          + " host:port; for pushes, host name and pid)"),
  SD_DIR("sd.dir", "",
      "a directory where the agent writes its Prometheus file_sd target file (empty: none)"),
  PUSH_URL("push.url", "",
      "a Pushgateway address such as http://127.0.0.1:9091 (empty: no push)"),
  PUSH_INTERVAL("push.interval", "15", "an integer 1-86400, seconds between pushes"),
  PUSH_JOB("push.job", "nfiwatch", "the job label of pushed metrics (the grouping key's job)"),
  PUSH_DELETE("push.delete", "false",
      "true or false, whether to delete the pushed group from the Pushgateway at exit"),
  MODELS_BY("models.by", "object",
      "object (the object whose method is called), thread (the calling thread) or none (one model per probe)"),
  MODELS_MAX("models.max", "16",
      "an integer 1-1000, models told apart per probe (calls of further models count as model=other)"),
  MODELS_LABEL("models.label", "order",
      "order (0, 1, ... in first-seen order) or thread (the name of the thread that first trains the model)"),
  PROBES("probes", "", "a list of demo, generic, tribuo, dl4j, smile (empty: every built-in probe, and generic when configured)"),
  GENERIC_CLASS("generic.class", "", "a fully qualified class name"),
  GENERIC_METHOD("generic.method", "", "a method name"),
  GENERIC_DESCRIPTOR("generic.descriptor", "", "a JVM method descriptor such as ([F[I[F)V (empty: any)"),
  GENERIC_LOGITS("generic.logits", "arg0", "argN or return"),
  GENERIC_LABELS("generic.labels", "arg1", "argN or return"),
  GENERIC_GRADIENT("generic.gradient", "arg2", "argN or return"),
  GENERIC_LABEL_FORM("generic.labelForm", "indices", "indices or onehot"),
  GENERIC_CLASSES("generic.classes", "0", "an integer >= 0 (0: derived from the array lengths)"),
  GENERIC_SIGN("generic.sign", "p-y", "p-y or y-p"),
  GENERIC_SCALE("generic.scale", "sample", "sample or batch"),
  GENERIC_DTYPE("generic.dtype", "", "bf16, fp16, fp32 or fp64 (empty: from the array type)"),
  GENERIC_WEIGHTS("generic.weights", "",
      "argN, return or field:NAME, the classifier weights (empty: not read)"),
  GENERIC_FEATURES("generic.features", "",
      "argN, return or field:NAME, the classifier's input features (empty: not read)"),
  GENERIC_WEIGHTS_LAYOUT("generic.weightsLayout", "classes_x_features",
      "classes_x_features or features_x_classes"),
  NFI_WINDOW("nfi.window", "100", "an integer >= 3, observed steps in each growth-rate fit"),
  NFI_ONSET_SHARE("nfi.onset.share", "0.02",
      "a number in [0, 1], absorbed (+ partial) share that counts as absorption"),
  NFI_ONSET_PARTIAL("nfi.onset.partial", "false",
      "true or false, whether partially absorbed samples count towards the share"),
  NFI_ONSET_SUSTAIN("nfi.onset.sustain", "50", "an integer >= 0, steps absorption must last"),
  NFI_ONSET_RATE("nfi.onset.rate", "1e-3", "a positive number, smallest growth rate per step"),
  NFI_ONSET_R2("nfi.onset.r2", "0.9", "a number in [0, 1], smallest R² of the growth fit"),
  NFI_ONSET_SIGNALS("nfi.onset.signals", "feature_mean,logit_mean",
      "a list of classifier_mean, feature_mean, logit_mean; growth of any one counts"),
  NFI_RELEASE_SHARE("nfi.release.share", "0.005",
      "a number in [0, nfi.onset.share], share below which an onset episode may end"),
  NFI_RELEASE_STEPS("nfi.release.steps", "200",
      "an integer >= 0, steps below the release share that end an onset episode");

  private final String key;
  private final String defaultValue;
  private final String allowed; // null: listed from Mode, so a new mode is one constant there

  ConfigKey(String key, String defaultValue, String allowed) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.allowed = allowed;
  }

  /** The key as written in agent arguments and files, e.g. {@code generic.labelForm}. */
  public String key() {
    return key;
  }

  /** The default value ("" for none). */
  public String defaultValue() {
    return defaultValue;
  }

  /** A short description of the allowed values, used in error messages. */
  public String allowed() {
    if (allowed == null) {
      StringBuilder modes = new StringBuilder();
      for (Mode mode : Mode.values()) {
        modes.append(modes.length() == 0 ? "" : ", ").append(mode.label());
      }
      return modes.toString();
    }
    return allowed;
  }

  /** The system property, e.g. {@code nfiwatch.generic.labelForm}. */
  public String systemProperty() {
    return "nfiwatch." + key;
  }

  /** The environment variable, e.g. {@code NFIWATCH_GENERIC_LABELFORM}. */
  public String environmentVariable() {
    return "NFIWATCH_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  /** The key named {@code key} (exact spelling), or null. */
  public static ConfigKey of(String key) {
    for (ConfigKey candidate : values()) {
      if (candidate.key.equals(key)) {
        return candidate;
      }
    }
    return null;
  }
}
