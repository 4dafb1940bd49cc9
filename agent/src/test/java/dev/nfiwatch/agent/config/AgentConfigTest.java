package dev.nfiwatch.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nfiwatch.agent.analysis.Dtype;
import dev.nfiwatch.agent.analysis.GradientScale;
import dev.nfiwatch.agent.analysis.GradientSign;
import dev.nfiwatch.agent.analysis.LabelForm;
import dev.nfiwatch.agent.nfi.GrowthSignal;
import dev.nfiwatch.agent.nfi.OnsetSettings;
import dev.nfiwatch.agent.nfi.WeightOrientation;
import dev.nfiwatch.agent.security.TestCertificates;
import dev.nfiwatch.agent.security.WebConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AgentConfigTest {

  private static AgentConfig load(String arguments) throws ConfigException {
    return AgentConfig.load(arguments, Map.of(), Map.of());
  }

  @Test
  void defaults() throws ConfigException {
    AgentConfig config = load(null);
    assertThat(config.enabled()).isTrue();
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(9941);
    assertThat(config.mode()).isEqualTo(Mode.OBSERVE);
    assertThat(config.analysisInBackground()).isTrue();
    assertThat(config.analysisMaxSamples()).isEqualTo(65_536);
    assertThat(config.strict()).isFalse();
    assertThat(config.snapshot()).isEmpty();
    assertThat(config.probes())
        .containsExactly(
            AgentConfig.Probe.DEMO,
            AgentConfig.Probe.TRIBUO,
            AgentConfig.Probe.DL4J,
            AgentConfig.Probe.SMILE);
    assertThat(config.generic()).isNull();
  }

  @Test
  void analysisMaxSamplesIsRead() throws ConfigException {
    assertThat(load("analysis.max.samples=1000").analysisMaxSamples()).isEqualTo(1000);
    assertThat(load("analysis.max.samples=16777216").analysisMaxSamples()).isEqualTo(1 << 24);
  }

  @Test
  void manyJvmKeys() throws ConfigException {
    AgentConfig none = load(null);
    assertThat(none.push()).isNull();
    assertThat(none.sdDir()).isEmpty();
    assertThat(none.instance()).isEmpty();

    AgentConfig config =
        load("push.url=http://127.0.0.1:9091,push.interval=2,push.delete=true,sd.dir=targets,"
            + "instance=sweep-3");
    assertThat(config.push().url()).isEqualTo("http://127.0.0.1:9091");
    assertThat(config.push().intervalSeconds()).isEqualTo(2);
    assertThat(config.push().job()).isEqualTo("nfiwatch");
    assertThat(config.push().deleteAtExit()).isTrue();
    assertThat(config.sdDir()).isEqualTo("targets");
    assertThat(config.instance()).isEqualTo("sweep-3");
  }

  @Test
  void analysisRunsInBackgroundOnlyInObserveMode() throws ConfigException {
    assertThat(load("mode=repair").analysisInBackground()).isFalse();
    assertThat(load("analysis=auto,mode=repair").analysisInBackground()).isFalse();
    assertThat(load("analysis=inline").analysisInBackground()).isFalse();
    assertThat(load("analysis=background").analysisInBackground()).isTrue();
  }

  static Stream<Arguments> validArguments() {
    return Stream.of(
        Arguments.of("port=0", "port", "0"),
        Arguments.of(" port = 12345 ", "port", "12345"),
        Arguments.of("host=0.0.0.0", "host", "0.0.0.0"),
        Arguments.of("enabled=false", "enabled", "false"),
        Arguments.of("strict=true", "strict", "true"),
        Arguments.of("snapshot=out.prom", "snapshot", "out.prom"),
        Arguments.of("mode=observe", "mode", "OBSERVE"),
        Arguments.of("mode=repair", "mode", "REPAIR"),
        Arguments.of("probes=demo", "probes", "[DEMO]"),
        Arguments.of(
            "probes=demo,generic,generic.class=a.B,generic.method=m", "probes", "[DEMO, GENERIC]"),
        Arguments.of("probes=generic+demo,generic.class=a.B,generic.method=m", "probes",
            "[DEMO, GENERIC]"),
        Arguments.of("probes=tribuo,smile", "probes", "[TRIBUO, SMILE]"),
        Arguments.of(
            "generic.class=a.B,generic.method=m", "probes", "[DEMO, GENERIC, TRIBUO, DL4J, SMILE]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validArguments")
  void parsesValidArguments(String arguments, String key, String expected) throws ConfigException {
    AgentConfig config = load(arguments);
    Object actual;
    switch (key) {
      case "port":
        actual = config.port();
        break;
      case "host":
        actual = config.host();
        break;
      case "enabled":
        actual = config.enabled();
        break;
      case "strict":
        actual = config.strict();
        break;
      case "snapshot":
        actual = config.snapshot();
        break;
      case "mode":
        actual = config.mode();
        break;
      default:
        actual = config.probes();
    }
    assertThat(String.valueOf(actual)).isEqualTo(expected);
  }

  static Stream<Arguments> invalidArguments() {
    return Stream.of(
        Arguments.of("prot=1", "unknown key 'prot' (agent argument); allowed keys: enabled, host"),
        Arguments.of("port=abc", "key 'port' (agent argument) has value 'abc'; allowed: an integer"),
        Arguments.of("port=70000", "key 'port' (agent argument) has value '70000'"),
        Arguments.of("port=-1", "key 'port' (agent argument) has value '-1'"),
        Arguments.of("enabled=yes", "key 'enabled' (agent argument) has value 'yes'; allowed: true or false"),
        Arguments.of("mode=fix", "key 'mode' (agent argument) has value 'fix'; allowed: observe, repair"),
        Arguments.of("nfi.window=2", "key 'nfi.window' (agent argument) has value '2'"),
        Arguments.of("analysis.max.samples=0", "key 'analysis.max.samples' (agent argument) has"
            + " value '0'; allowed: an integer 1-16777216"),
        Arguments.of("nfi.onset.share=1.5", "key 'nfi.onset.share' (agent argument) has value '1.5'"),
        Arguments.of("nfi.onset.rate=0", "key 'nfi.onset.rate' (agent argument) has value '0'"),
        Arguments.of("nfi.onset.r2=x", "key 'nfi.onset.r2' (agent argument) has value 'x'"),
        Arguments.of("nfi.onset.partial=yes", "key 'nfi.onset.partial' (agent argument)"),
        Arguments.of("nfi.onset.signals=loss", "key 'nfi.onset.signals' (agent argument) has value"
            + " 'loss'; allowed: a list of classifier_mean, feature_mean, logit_mean"),
        Arguments.of("nfi.release.share=0.5", "key 'nfi.release.share' (agent argument) has value"
            + " '0.5'; allowed: a number in [0, nfi.onset.share]"),
        Arguments.of("generic.class=a.B,generic.method=m,generic.weights=field:1x",
            "key 'generic.weights' (agent argument) has value 'field:1x'; allowed: argN, return or"
                + " field:NAME"),
        Arguments.of("generic.class=a.B,generic.method=m,generic.weightsLayout=rows",
            "key 'generic.weightsLayout' (agent argument) has value 'rows'; allowed:"
                + " classes_x_features or features_x_classes"),
        Arguments.of("host=", "key 'host' (agent argument) has value ''"),
        Arguments.of("push.url=127.0.0.1:9091", "key 'push.url' (agent argument) has value"
            + " '127.0.0.1:9091'; allowed: a Pushgateway address such as http://127.0.0.1:9091"),
        Arguments.of("push.url=http://", "key 'push.url' (agent argument) has value 'http://'"),
        Arguments.of("push.interval=0", "key 'push.interval' (agent argument) has value '0';"
            + " allowed: an integer 1-86400"),
        Arguments.of("push.delete=maybe", "key 'push.delete' (agent argument) has value 'maybe'"),
        Arguments.of("push.url=http://h:1,push.job=a/b",
            "key 'push.job' (agent argument) has value 'a/b'"),
        Arguments.of("analysis=async",
            "key 'analysis' (agent argument) has value 'async'; allowed: auto, background or"
                + " inline"),
        Arguments.of("analysis=background,mode=repair",
            "key 'analysis' (agent argument) has value 'background'; allowed: auto, background or"
                + " inline (auto: background in observe mode, inline in repair mode; background"
                + " needs mode=observe)"),
        Arguments.of("probes=demo,foo", "key 'probes' (agent argument) has value 'demo,foo'"),
        Arguments.of("probes=generic", "the generic probe needs 'generic.class'"),
        Arguments.of("justaword", "agent argument 'justaword' is not key=value"),
        Arguments.of("generic.class=a.B,generic.method=m,generic.logits=argX",
            "key 'generic.logits' (agent argument) has value 'argX'; allowed: argN or return"),
        Arguments.of("generic.class=a.B,generic.method=m,generic.labelForm=dense",
            "key 'generic.labelForm' (agent argument) has value 'dense'; allowed: indices or onehot"),
        Arguments.of("generic.class=a.B,generic.method=m,generic.sign=p+y",
            "key 'generic.sign' (agent argument) has value 'p+y'; allowed: p-y or y-p"),
        Arguments.of("generic.class=a.B,generic.method=m,generic.scale=mean",
            "key 'generic.scale' (agent argument) has value 'mean'"),
        Arguments.of("generic.class=a.B,generic.method=m,generic.dtype=fp8",
            "key 'generic.dtype' (agent argument) has value 'fp8'; allowed: bf16, fp16, fp32 or fp64"),
        Arguments.of("generic.class=a.B,generic.method=m,generic.classes=-3",
            "key 'generic.classes' (agent argument) has value '-3'"),
        Arguments.of("generic.class=1a.B,generic.method=m",
            "key 'generic.class' (agent argument) has value '1a.B'"),
        Arguments.of("generic.class=a.B,generic.method=m,generic.descriptor=xyz",
            "key 'generic.descriptor' (agent argument) has value 'xyz'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidArguments")
  void rejectsWithOneLineNamingKeyValueAndAllowed(String arguments, String message) {
    assertThatThrownBy(() -> load(arguments))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void genericProbeKeys() throws ConfigException {
    AgentConfig config =
        load("generic.class=com.acme.Trainer,generic.method=lossGrad,generic.labels=arg0,"
            + "generic.logits=arg1,generic.gradient=return,generic.labelForm=onehot,"
            + "generic.classes=97,generic.sign=y-p,generic.scale=batch,generic.dtype=bf16,"
            + "generic.descriptor=([J[[F)[[F");
    GenericProbeConfig generic = config.generic();
    assertThat(generic.className()).isEqualTo("com.acme.Trainer");
    assertThat(generic.methodName()).isEqualTo("lossGrad");
    assertThat(generic.descriptor()).isEqualTo("([J[[F)[[F");
    assertThat(generic.labels()).isEqualTo(ValueLocation.argument(0));
    assertThat(generic.logits()).isEqualTo(ValueLocation.argument(1));
    assertThat(generic.gradient().isReturn()).isTrue();
    assertThat(generic.highestArgument()).isEqualTo(1);
    assertThat(generic.spec().labelForm()).isEqualTo(LabelForm.ONEHOT);
    assertThat(generic.spec().classes()).isEqualTo(97);
    assertThat(generic.spec().sign()).isEqualTo(GradientSign.Y_MINUS_P);
    assertThat(generic.spec().scale()).isEqualTo(GradientScale.BATCH);
    assertThat(generic.spec().dtype()).isEqualTo(Dtype.BF16);
  }

  @Test
  void nfiDefaultsAndKeys() throws ConfigException {
    OnsetSettings defaults = load(null).nfi();
    OnsetSettings builderDefaults = OnsetSettings.defaults();
    assertThat(defaults.growthWindow()).isEqualTo(builderDefaults.growthWindow()).isEqualTo(100);
    assertThat(defaults.absorbedShare()).isEqualTo(builderDefaults.absorbedShare());
    assertThat(defaults.countPartial()).isEqualTo(builderDefaults.countPartial()).isFalse();
    assertThat(defaults.sustainSteps()).isEqualTo(builderDefaults.sustainSteps());
    assertThat(defaults.minRate()).isEqualTo(builderDefaults.minRate());
    assertThat(defaults.minR2()).isEqualTo(builderDefaults.minR2());
    assertThat(defaults.releaseShare()).isEqualTo(builderDefaults.releaseShare());
    assertThat(defaults.releaseSteps()).isEqualTo(builderDefaults.releaseSteps());
    assertThat(defaults.signals()).isEqualTo(builderDefaults.signals());

    OnsetSettings custom =
        load("nfi.window=50,nfi.onset.share=0.1,nfi.onset.partial=true,nfi.onset.sustain=7,"
                + "nfi.onset.rate=2e-3,nfi.onset.r2=0.8,nfi.onset.signals=classifier_mean,"
                + "nfi.release.share=0.05,nfi.release.steps=9")
            .nfi();
    assertThat(custom.growthWindow()).isEqualTo(50);
    assertThat(custom.absorbedShare()).isEqualTo(0.1);
    assertThat(custom.countPartial()).isTrue();
    assertThat(custom.sustainSteps()).isEqualTo(7);
    assertThat(custom.minRate()).isEqualTo(2e-3);
    assertThat(custom.minR2()).isEqualTo(0.8);
    assertThat(custom.signals()).containsExactly(GrowthSignal.CLASSIFIER_MEAN);
    assertThat(custom.releaseShare()).isEqualTo(0.05);
    assertThat(custom.releaseSteps()).isEqualTo(9);
  }

  @Test
  void genericWeightsAndFeatures() throws ConfigException {
    GenericProbeConfig generic =
        load("generic.class=a.B,generic.method=m,generic.weights=field:classifier,"
                + "generic.features=arg4,generic.weightsLayout=features_x_classes")
            .generic();
    assertThat(generic.weights()).isEqualTo(ValueLocation.field("classifier"));
    assertThat(generic.weights().isField()).isTrue();
    assertThat(generic.features()).isEqualTo(ValueLocation.argument(4));
    assertThat(generic.weightsLayout()).isEqualTo(WeightOrientation.FEATURES_BY_CLASSES);
    assertThat(generic.highestArgument()).isEqualTo(4);

    GenericProbeConfig plain = load("generic.class=a.B,generic.method=m").generic();
    assertThat(plain.weights()).isNull();
    assertThat(plain.features()).isNull();
    assertThat(plain.weightsLayout()).isEqualTo(WeightOrientation.CLASSES_BY_FEATURES);
  }

  @Test
  void precedenceIsArgumentThenPropertyThenEnvironmentThenFileThenDefault(@TempDir Path dir)
      throws IOException, ConfigException {
    Path file = dir.resolve("nfiwatch.properties");
    Files.writeString(file, "port=1001\nhost=file-host\nsnapshot=file.prom\nstrict=true\n");
    Map<String, String> properties = new HashMap<>();
    properties.put("nfiwatch.port", "1002");
    properties.put("nfiwatch.host", "property-host");
    properties.put("nfiwatch.config", file.toString());
    properties.put("unrelated.key", "x");
    Map<String, String> environment = new HashMap<>();
    environment.put("NFIWATCH_PORT", "1003");
    environment.put("NFIWATCH_HOST", "env-host");
    environment.put("NFIWATCH_SNAPSHOT", "env.prom");
    environment.put("NFIWATCH_JDK25", "ignored: not an agent key");

    AgentConfig config = AgentConfig.load("port=1004", properties, environment);

    assertThat(config.port()).isEqualTo(1004);
    assertThat(config.host()).isEqualTo("property-host");
    assertThat(config.snapshot()).isEqualTo("env.prom");
    assertThat(config.strict()).isTrue();
    assertThat(config.enabled()).isTrue();
  }

  @Test
  void environmentVariableNamesAreUpperCaseWithUnderscores() throws ConfigException {
    AgentConfig config =
        AgentConfig.load(
            null,
            Map.of(),
            Map.of(
                "NFIWATCH_GENERIC_CLASS", "a.B",
                "NFIWATCH_GENERIC_METHOD", "m",
                "NFIWATCH_GENERIC_LABELFORM", "onehot"));
    assertThat(config.generic().spec().labelForm()).isEqualTo(LabelForm.ONEHOT);
    assertThat(ConfigKey.GENERIC_LABEL_FORM.environmentVariable())
        .isEqualTo("NFIWATCH_GENERIC_LABELFORM");
    assertThat(ConfigKey.GENERIC_LABEL_FORM.systemProperty()).isEqualTo("nfiwatch.generic.labelForm");
  }

  @Test
  void errorsNameTheirSource(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "port=x\n");
    assertThatThrownBy(() -> AgentConfig.load("config=" + file, Map.of(), Map.of()))
        .hasMessageContaining("key 'port' (config file " + file + ") has value 'x'");
    assertThatThrownBy(() -> AgentConfig.load(null, Map.of("nfiwatch.portt", "1"), Map.of()))
        .hasMessageContaining("unknown key 'nfiwatch.portt' (system property)");
    assertThatThrownBy(() -> AgentConfig.load(null, Map.of(), Map.of("NFIWATCH_PORT", "x")))
        .hasMessageContaining("key 'port' (environment variable NFIWATCH_PORT) has value 'x'");
    assertThatThrownBy(() -> AgentConfig.load("config=" + dir.resolve("missing"), Map.of(), Map.of()))
        .hasMessageContaining("key 'config' (agent argument)")
        .hasMessageContaining("cannot be read");
  }

  @Test
  void webConfigFileIsReadWhenTheConfigurationLoads(@TempDir Path dir) throws Exception {
    assertThat(load(null).webConfig()).isSameAs(WebConfig.none());
    Path file = dir.resolve("web.yml");
    Files.writeString(file, "basic_auth_users:\n  prometheus: " + TestCertificates.bcrypt("s", 4)
        + "\n");
    assertThat(load("web.config.file=" + file).webConfig().users()).containsOnlyKeys("prometheus");
    assertThat(AgentConfig.load(null, Map.of("nfiwatch.web.config.file", file.toString()), Map.of())
        .webConfig().file()).isEqualTo(file.toString());
  }

  @Test
  void aBadWebConfigFileIsOneErrorNamingTheKeyAndTheFile(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("missing.yml");
    assertThatThrownBy(() -> load("web.config.file=" + missing))
        .isInstanceOf(ConfigException.class)
        .hasMessage("key 'web.config.file' (agent argument) has value '" + missing
            + "': the file cannot be read (java.nio.file.NoSuchFileException: " + missing + ")");
    Path malformed = Files.writeString(dir.resolve("web.yml"), "tls_server_config: [\n");
    assertThatThrownBy(
            () -> AgentConfig.load(null, Map.of(), Map.of("NFIWATCH_WEB_CONFIG_FILE", malformed.toString())))
        .hasMessageStartingWith("key 'web.config.file' (environment variable"
            + " NFIWATCH_WEB_CONFIG_FILE) has value '" + malformed + "': the file is not valid YAML")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void strictIsReadEvenWhenTheRestIsInvalid() {
    assertThat(AgentConfig.strictRequested("port=x,strict=true", Map.of(), Map.of())).isTrue();
    assertThat(AgentConfig.strictRequested("port=x", Map.of("nfiwatch.strict", "true"), Map.of()))
        .isTrue();
    assertThat(AgentConfig.strictRequested(null, Map.of(), Map.of("NFIWATCH_STRICT", "true")))
        .isTrue();
    assertThat(AgentConfig.strictRequested("strict=false", Map.of("nfiwatch.strict", "true"), Map.of()))
        .isFalse();
    assertThat(AgentConfig.strictRequested(null, Map.of(), Map.of())).isFalse();
  }
}
