package dev.nfiwatch.agent.config;

import dev.nfiwatch.agent.analysis.AnalysisSpec;
import dev.nfiwatch.agent.analysis.Dtype;
import dev.nfiwatch.agent.analysis.GradientScale;
import dev.nfiwatch.agent.analysis.GradientSign;
import dev.nfiwatch.agent.analysis.LabelForm;
import dev.nfiwatch.agent.nfi.GrowthSignal;
import dev.nfiwatch.agent.nfi.OnsetSettings;
import dev.nfiwatch.agent.nfi.WeightOrientation;
import dev.nfiwatch.agent.security.WebConfig;
import dev.nfiwatch.agent.security.WebConfigException;
import dev.nfiwatch.agent.security.WebConfigFile;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The agent's validated, immutable configuration. Every key comes from agent arguments, {@code
 * -Dnfiwatch.<key>}, {@code NFIWATCH_<KEY>} or a {@code config=FILE} properties file, in that
 * precedence (see {@link ConfigKey} for keys, defaults and allowed values).
 *
 * <pre>{@code
 * AgentConfig config = AgentConfig.load(agentArgs, System.getProperties(), System.getenv());
 * }</pre>
 *
 * <p>A bad value throws a {@link ConfigException} whose message is one line naming the key, where
 * it came from, the value and what is allowed.
 */
public final class AgentConfig {

  /** The built-in probes that {@code probes} can name. */
  public enum Probe {
    /** The demo trainer's {@code SoftmaxCrossEntropy.backward}. */
    DEMO,
    /** The user-configured probe ({@code generic.*} keys). */
    GENERIC,
    /** Tribuo's {@code LogMulticlass} objective (switches itself on when Tribuo loads). */
    TRIBUO,
    /** Deeplearning4j's {@code LossMCXENT} (switches itself on when ND4J loads). */
    DL4J,
    /** Smile's multilayer perceptron output layer (switches itself on when Smile loads). */
    SMILE;

    /** The name used in {@code probes} and in the {@code probe} metric label. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final boolean enabled;
  private final String host;
  private final int port;
  private final WebConfig webConfig;
  private final Mode mode;
  private final boolean analysisInBackground;
  private final int analysisMaxSamples;
  private final boolean strict;
  private final String snapshot;
  private final String instance;
  private final String sdDir;
  private final PushSettings push;
  private final ModelSettings models;
  private final Set<Probe> probes;
  private final GenericProbeConfig generic;
  private final OnsetSettings nfi;

  private AgentConfig(
      boolean enabled,
      String host,
      int port,
      WebConfig webConfig,
      Mode mode,
      boolean analysisInBackground,
      int analysisMaxSamples,
      boolean strict,
      String snapshot,
      String instance,
      String sdDir,
      PushSettings push,
      ModelSettings models,
      Set<Probe> probes,
      GenericProbeConfig generic,
      OnsetSettings nfi) {
    this.enabled = enabled;
    this.host = host;
    this.port = port;
    this.webConfig = webConfig;
    this.mode = mode;
    this.analysisInBackground = analysisInBackground;
    this.analysisMaxSamples = analysisMaxSamples;
    this.strict = strict;
    this.snapshot = snapshot;
    this.instance = instance;
    this.sdDir = sdDir;
    this.push = push;
    this.models = models;
    this.probes = Collections.unmodifiableSet(probes);
    this.generic = generic;
    this.nfi = nfi;
  }

  /**
   * Reads and validates the configuration.
   *
   * @param agentArguments the {@code -javaagent:…=ARGS} string, or null
   * @param systemProperties the JVM's system properties
   * @param environment the process environment
   */
  public static AgentConfig load(
      String agentArguments, Map<?, ?> systemProperties, Map<String, String> environment)
      throws ConfigException {
    ConfigSources sources =
        ConfigSources.read(agentArguments, stringMap(systemProperties), environment);
    return new Validator(sources).validate();
  }

  /**
   * Whether the sources ask for strict mode, read leniently so that it is known even when the rest
   * of the configuration is invalid.
   */
  public static boolean strictRequested(
      String agentArguments, Map<?, ?> systemProperties, Map<String, String> environment) {
    String arguments = agentArguments == null ? "" : agentArguments.replace(" ", "");
    if (arguments.contains("strict=true")) {
      return true;
    }
    if (arguments.contains("strict=")) {
      return false;
    }
    Object property = systemProperties.get(ConfigKey.STRICT.systemProperty());
    if (property != null) {
      return "true".equals(property.toString().trim());
    }
    return "true".equals(
        String.valueOf(environment.get(ConfigKey.STRICT.environmentVariable())).trim());
  }

  private static Map<String, String> stringMap(Map<?, ?> map) {
    Map<String, String> strings = new java.util.HashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (entry.getKey() instanceof String && entry.getValue() instanceof String) {
        strings.put((String) entry.getKey(), (String) entry.getValue());
      }
    }
    return strings;
  }

  /** Whether the agent runs at all ({@code enabled=false} is the kill switch). */
  public boolean enabled() {
    return enabled;
  }

  /** The address the metrics server binds. */
  public String host() {
    return host;
  }

  /** The metrics port; 0 picks a free one. */
  public int port() {
    return port;
  }

  /**
   * What the endpoint asks of clients ({@code web.config.file}: TLS, basic auth); {@link
   * WebConfig#none()} without the key.
   */
  public WebConfig webConfig() {
    return webConfig;
  }

  public Mode mode() {
    return mode;
  }

  /**
   * Whether probes analyse calls on a background thread ({@code analysis=background}, the default
   * in observe mode) rather than on the training thread ({@code inline}, always in repair mode).
   */
  public boolean analysisInBackground() {
    return analysisInBackground;
  }

  /** The largest batch a probe analyses ({@code analysis.max.samples}). */
  public int analysisMaxSamples() {
    return analysisMaxSamples;
  }

  /** Whether configuration errors fail the JVM start instead of disabling the agent. */
  public boolean strict() {
    return strict;
  }

  /** The file the final scrape is written to at exit, or "" for none. */
  public String snapshot() {
    return snapshot;
  }

  /** The user's name for this JVM's {@code instance} label, or "" for the default. */
  public String instance() {
    return instance;
  }

  /** The directory for this JVM's Prometheus {@code file_sd} target file, or "" for none. */
  public String sdDir() {
    return sdDir;
  }

  /** Where and how often to push the metrics to a Pushgateway, or null for no push. */
  public PushSettings push() {
    return push;
  }

  /** The probes to install. */
  public Set<Probe> probes() {
    return probes;
  }

  /** How the probes tell models apart ({@code models.*} keys). */
  public ModelSettings models() {
    return models;
  }

  /** The generic probe's configuration, or null when it is not installed. */
  public GenericProbeConfig generic() {
    return generic;
  }

  /** The NFI onset detector's thresholds ({@code nfi.*} keys). */
  public OnsetSettings nfi() {
    return nfi;
  }

  /** Turns raw values into typed ones, one key at a time. */
  private static final class Validator {
    private final ConfigSources sources;

    Validator(ConfigSources sources) {
      this.sources = sources;
    }

    AgentConfig validate() throws ConfigException {
      boolean enabled = bool(ConfigKey.ENABLED);
      String host = sources.value(ConfigKey.HOST);
      if (host.isEmpty()) {
        throw bad(ConfigKey.HOST);
      }
      int port = integer(ConfigKey.PORT, 0, 65535);
      WebConfig webConfig = webConfig();
      Mode mode = null;
      for (Mode candidate : Mode.values()) {
        if (candidate.label().equals(sources.value(ConfigKey.MODE))) {
          mode = candidate;
        }
      }
      if (mode == null) {
        throw bad(ConfigKey.MODE);
      }
      boolean analysisInBackground = analysisInBackground(mode);
      int analysisMaxSamples = integer(ConfigKey.ANALYSIS_MAX_SAMPLES, 1, 1 << 24);
      boolean strict = bool(ConfigKey.STRICT);
      String snapshot = sources.value(ConfigKey.SNAPSHOT);
      String instance = sources.value(ConfigKey.INSTANCE);
      String sdDir = sources.value(ConfigKey.SD_DIR);
      PushSettings push = push();
      ModelSettings models = models();
      boolean genericConfigured = !sources.value(ConfigKey.GENERIC_CLASS).isEmpty();
      Set<Probe> probes = probes(genericConfigured);
      GenericProbeConfig generic = null;
      if (probes.contains(Probe.GENERIC)) {
        generic = generic();
      }
      return new AgentConfig(
          enabled,
          host,
          port,
          webConfig,
          mode,
          analysisInBackground,
          analysisMaxSamples,
          strict,
          snapshot,
          instance,
          sdDir,
          push,
          models,
          probes,
          generic,
          nfi());
    }

    private ModelSettings models() throws ConfigException {
      ModelSettings.Owner owner = null;
      for (ModelSettings.Owner candidate : ModelSettings.Owner.values()) {
        if (candidate.label().equals(sources.value(ConfigKey.MODELS_BY))) {
          owner = candidate;
        }
      }
      if (owner == null) {
        throw bad(ConfigKey.MODELS_BY);
      }
      int max = integer(ConfigKey.MODELS_MAX, 1, 1000);
      switch (sources.value(ConfigKey.MODELS_LABEL)) {
        case "order":
          return new ModelSettings(owner, max, false);
        case "thread":
          return new ModelSettings(owner, max, true);
        default:
          throw bad(ConfigKey.MODELS_LABEL);
      }
    }

    /** Reads the web config file now, so that a bad one disables the agent before it starts. */
    private WebConfig webConfig() throws ConfigException {
      String file = sources.value(ConfigKey.WEB_CONFIG_FILE);
      if (file.isEmpty()) {
        return WebConfig.none();
      }
      try {
        return WebConfigFile.read(Paths.get(file));
      } catch (WebConfigException | RuntimeException e) {
        throw new ConfigException(
            "key '" + ConfigKey.WEB_CONFIG_FILE.key() + "' (" + sources.origin(ConfigKey.WEB_CONFIG_FILE)
                + ") has value '" + file + "': the file " + e.getMessage());
      }
    }

    private PushSettings push() throws ConfigException {
      String url = sources.value(ConfigKey.PUSH_URL);
      int interval = integer(ConfigKey.PUSH_INTERVAL, 1, 86_400);
      String job = sources.value(ConfigKey.PUSH_JOB);
      boolean delete = bool(ConfigKey.PUSH_DELETE);
      if (url.isEmpty()) {
        return null;
      }
      if (!(url.startsWith("http://") || url.startsWith("https://"))
          || url.length() <= url.indexOf("//") + 2) {
        throw bad(ConfigKey.PUSH_URL);
      }
      if (job.isEmpty() || job.contains("/")) {
        throw bad(ConfigKey.PUSH_JOB);
      }
      return new PushSettings(url, interval, job, delete);
    }

    private boolean analysisInBackground(Mode mode) throws ConfigException {
      switch (sources.value(ConfigKey.ANALYSIS)) {
        case "auto":
          return mode == Mode.OBSERVE;
        case "background":
          if (mode != Mode.OBSERVE) {
            throw bad(ConfigKey.ANALYSIS);
          }
          return true;
        case "inline":
          return false;
        default:
          throw bad(ConfigKey.ANALYSIS);
      }
    }

    private OnsetSettings nfi() throws ConfigException {
      OnsetSettings.Builder builder =
          OnsetSettings.builder()
              .growthWindow(integer(ConfigKey.NFI_WINDOW, 3, 1_000_000))
              .absorbedShare(decimal(ConfigKey.NFI_ONSET_SHARE, 0, 1))
              .countPartial(bool(ConfigKey.NFI_ONSET_PARTIAL))
              .sustainSteps(integer(ConfigKey.NFI_ONSET_SUSTAIN, 0, Integer.MAX_VALUE))
              .minRate(decimal(ConfigKey.NFI_ONSET_RATE, Double.MIN_VALUE, 1))
              .minR2(decimal(ConfigKey.NFI_ONSET_R2, 0, 1))
              .releaseSteps(integer(ConfigKey.NFI_RELEASE_STEPS, 0, Integer.MAX_VALUE));
      double releaseShare = decimal(ConfigKey.NFI_RELEASE_SHARE, 0, 1);
      if (releaseShare > decimal(ConfigKey.NFI_ONSET_SHARE, 0, 1)) {
        throw bad(ConfigKey.NFI_RELEASE_SHARE);
      }
      builder.releaseShare(releaseShare);
      Set<GrowthSignal> signals = EnumSet.noneOf(GrowthSignal.class);
      for (String name : sources.value(ConfigKey.NFI_ONSET_SIGNALS).split("[,+ ]")) {
        if (name.isEmpty()) {
          continue;
        }
        try {
          signals.add(GrowthSignal.parse(name));
        } catch (IllegalArgumentException e) {
          throw bad(ConfigKey.NFI_ONSET_SIGNALS);
        }
      }
      if (signals.isEmpty()) {
        throw bad(ConfigKey.NFI_ONSET_SIGNALS);
      }
      return builder.signals(signals).build();
    }

    private ValueLocation optionalLocation(ConfigKey key) throws ConfigException {
      return sources.value(key).isEmpty() ? null : location(key);
    }

    private double decimal(ConfigKey key, double min, double max) throws ConfigException {
      String value = sources.value(key);
      try {
        double parsed = Double.parseDouble(value);
        if (parsed >= min && parsed <= max) {
          return parsed;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw bad(key);
    }

    private Set<Probe> probes(boolean genericConfigured) throws ConfigException {
      String value = sources.value(ConfigKey.PROBES);
      Set<Probe> probes = EnumSet.noneOf(Probe.class);
      if (value.isEmpty()) {
        probes.add(Probe.DEMO);
        probes.add(Probe.TRIBUO);
        probes.add(Probe.DL4J);
        probes.add(Probe.SMILE);
        if (genericConfigured) {
          probes.add(Probe.GENERIC);
        }
        return probes;
      }
      for (String name : value.split("[,+ ]")) {
        if (name.isEmpty()) {
          continue;
        }
        Probe probe = null;
        for (Probe candidate : Probe.values()) {
          if (candidate.label().equals(name)) {
            probe = candidate;
          }
        }
        if (probe == null) {
          throw bad(ConfigKey.PROBES);
        }
        probes.add(probe);
      }
      if (probes.contains(Probe.GENERIC) && !genericConfigured) {
        throw new ConfigException(
            "key 'probes' (" + sources.origin(ConfigKey.PROBES) + ") has value '" + value
                + "', but the generic probe needs 'generic.class' and 'generic.method'");
      }
      return probes;
    }

    private GenericProbeConfig generic() throws ConfigException {
      String className = sources.value(ConfigKey.GENERIC_CLASS);
      if (!isQualifiedName(className)) {
        throw bad(ConfigKey.GENERIC_CLASS);
      }
      String method = sources.value(ConfigKey.GENERIC_METHOD);
      if (method.isEmpty() || !Character.isJavaIdentifierStart(method.charAt(0))) {
        throw bad(ConfigKey.GENERIC_METHOD);
      }
      String descriptor = sources.value(ConfigKey.GENERIC_DESCRIPTOR);
      if (!descriptor.isEmpty() && !(descriptor.startsWith("(") && descriptor.indexOf(')') > 0)) {
        throw bad(ConfigKey.GENERIC_DESCRIPTOR);
      }
      ValueLocation logits = location(ConfigKey.GENERIC_LOGITS);
      ValueLocation labels = location(ConfigKey.GENERIC_LABELS);
      ValueLocation gradient = location(ConfigKey.GENERIC_GRADIENT);
      LabelForm labelForm =
          choice(ConfigKey.GENERIC_LABEL_FORM, LabelForm.values(), new String[] {"indices", "onehot"});
      int classes = integer(ConfigKey.GENERIC_CLASSES, 0, Integer.MAX_VALUE);
      GradientSign sign =
          choice(ConfigKey.GENERIC_SIGN, GradientSign.values(), new String[] {"p-y", "y-p"});
      GradientScale scale =
          choice(ConfigKey.GENERIC_SCALE, GradientScale.values(), new String[] {"sample", "batch"});
      Dtype dtype = null;
      String dtypeValue = sources.value(ConfigKey.GENERIC_DTYPE);
      if (!dtypeValue.isEmpty()) {
        dtype = Dtype.fromLabel(dtypeValue);
        if (dtype == null) {
          throw bad(ConfigKey.GENERIC_DTYPE);
        }
      }
      return new GenericProbeConfig(
          className,
          method,
          descriptor,
          logits,
          labels,
          gradient,
          new AnalysisSpec(classes, labelForm, sign, scale, dtype),
          optionalLocation(ConfigKey.GENERIC_WEIGHTS),
          optionalLocation(ConfigKey.GENERIC_FEATURES),
          weightsLayout());
    }

    private WeightOrientation weightsLayout() throws ConfigException {
      try {
        return WeightOrientation.parse(sources.value(ConfigKey.GENERIC_WEIGHTS_LAYOUT));
      } catch (IllegalArgumentException e) {
        throw bad(ConfigKey.GENERIC_WEIGHTS_LAYOUT);
      }
    }

    private static boolean isQualifiedName(String name) {
      if (name.isEmpty()) {
        return false;
      }
      for (String part : name.split("\\.", -1)) {
        if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))) {
          return false;
        }
        for (int i = 1; i < part.length(); i++) {
          if (!Character.isJavaIdentifierPart(part.charAt(i))) {
            return false;
          }
        }
      }
      return true;
    }

    private ValueLocation location(ConfigKey key) throws ConfigException {
      ValueLocation location = ValueLocation.parse(sources.value(key));
      if (location == null) {
        throw bad(key);
      }
      return location;
    }

    private <T> T choice(ConfigKey key, T[] constants, String[] names) throws ConfigException {
      String value = sources.value(key);
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(value)) {
          return constants[i];
        }
      }
      throw bad(key);
    }

    private boolean bool(ConfigKey key) throws ConfigException {
      String value = sources.value(key);
      if ("true".equals(value)) {
        return true;
      }
      if ("false".equals(value)) {
        return false;
      }
      throw bad(key);
    }

    private int integer(ConfigKey key, int min, int max) throws ConfigException {
      String value = sources.value(key);
      try {
        int parsed = Integer.parseInt(value);
        if (parsed >= min && parsed <= max) {
          return parsed;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw bad(key);
    }

    private ConfigException bad(ConfigKey key) {
      return new ConfigException(
          "key '" + key.key() + "' (" + sources.origin(key) + ") has value '" + sources.value(key)
              + "'; allowed: " + key.allowed());
    }
  }
}
