package io.pgfailover.config;

import static io.pgfailover.config.ConfigValues.bool;
import static io.pgfailover.config.ConfigValues.duration;
import static io.pgfailover.config.ConfigValues.integer;
import static io.pgfailover.config.ConfigValues.key;
import static io.pgfailover.config.ConfigValues.nonNegative;
import static io.pgfailover.config.ConfigValues.parseFile;
import static io.pgfailover.config.ConfigValues.positive;
import static io.pgfailover.config.ConfigValues.string;
import static io.pgfailover.config.ConfigValues.stringList;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueType;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;

/**
 * Reads {@code failover.*} from, highest priority first: system properties ({@code
 * -Dfailover.x=y}), the file named by {@code -Dfailover.config}, {@code failover.conf} on the
 * classpath, and the defaults in {@code reference.conf}. Validates everything once and fails with a
 * {@link SettingsException} naming the key and the fix: unknown keys (with the closest known one),
 * values of the wrong type, contradictions.
 */
public final class SettingsLoader {
  static final String ROOT = "failover";
  private static final Set<String> ENDPOINT_KEYS =
      Set.of(
          "url",
          "role",
          "user",
          "password-env",
          "pool-size",
          "wrapper",
          "wrapper-plugins",
          "auth",
          "secret-id",
          "connect-timeout",
          "socket-timeout",
          "login-timeout",
          "acquire-timeout");

  /** The AWS JDBC Wrapper's plugins when an endpoint sets wrapper = true and names none. */
  static final String DEFAULT_WRAPPER_PLUGINS = "failover2,efm2";

  /** Keys that are not settings of the run but are allowed under failover.*. */
  private static final Set<String> META_KEYS = Set.of("config");

  private SettingsLoader() {}

  /** Loads the settings of this JVM (system properties, files, defaults). */
  public static FailoverSettings load() {
    return load(System.getenv()::get);
  }

  static FailoverSettings load(java.util.function.Function<String, String> env) {
    Config overrides = ConfigFactory.systemProperties();
    Config file = ConfigFactory.empty();
    if (overrides.hasPath(ROOT + ".config")) {
      Path path = Path.of(overrides.getString(ROOT + ".config"));
      if (!Files.isRegularFile(path)) {
        throw new SettingsException(
            "failover.config",
            "failover.config points to "
                + path
                + ", which is not a readable file. Give the path of a HOCON file with failover.* "
                + "settings, or drop -Dfailover.config to use src/test/resources/failover.conf.");
      }
      file = parseFile(() -> ConfigFactory.parseFile(path.toFile()), path.toString());
    }
    Config classpath =
        parseFile(
            () ->
                ConfigFactory.parseResources(
                    "failover.conf", ConfigParseOptions.defaults().setAllowMissing(true)),
            "failover.conf");
    Config reference = reference();
    Config merged =
        overrides.withFallback(file).withFallback(classpath).withFallback(reference).resolve();
    return parse(merged, reference, env);
  }

  /**
   * The defaults as written in reference.conf. Not {@link ConfigFactory#defaultReference()}: that
   * one has the system properties merged in, and would make every -Dfailover.typo a known key.
   */
  static Config reference() {
    return ConfigFactory.parseResources("reference.conf").resolve();
  }

  /** Parses an already merged configuration; {@code reference} lists the known keys. */
  static FailoverSettings parse(
      Config merged, Config reference, java.util.function.Function<String, String> env) {
    UnknownKeys.check(merged.getConfig(ROOT), reference.getConfig(ROOT), META_KEYS);
    Config c = merged.getConfig(ROOT);
    String user = string(c, "user");
    String passwordEnv = string(c, "password-env");
    PoolSettings pool =
        new PoolSettings(
            positive(c, "pool.size"),
            duration(c, "pool.connect-timeout"),
            duration(c, "pool.socket-timeout"),
            duration(c, "pool.login-timeout"),
            duration(c, "pool.acquire-timeout"));
    List<EndpointSettings> endpoints = endpoints(c, user, passwordEnv, pool, env);
    boolean onLab = endpoints.stream().allMatch(e -> e.labPath().isPresent());
    if (!onLab && endpoints.stream().anyMatch(e -> e.labPath().isPresent())) {
      throw new SettingsException(
          key("endpoints"),
          "failover.endpoints mixes lab: paths with other URLs. A run measures either the local lab"
              + " (every endpoint's url is lab:<path>, or no endpoint is configured) or your own"
              + " cluster; give every endpoint a lab: url, or none.");
    }
    WorkloadSettings workload = workload(c);
    RunSettings run =
        new RunSettings(
            duration(c, "run.warm-up"),
            duration(c, "run.trigger-after"),
            duration(c, "run.tail"),
            duration(c, "run.max-duration"),
            duration(c, "run.settle"),
            duration(c, "run.baseline-duration"),
            duration(c, "run.trigger-deadline"));
    List<LabEndpoint> labEndpoints = new ArrayList<>();
    for (String name : stringList(c, "lab-endpoints")) {
      labEndpoints.add(
          LabEndpoint.ofLabel(name)
              .orElseThrow(
                  () ->
                      new SettingsException(
                          key("lab-endpoints"),
                          "failover.lab-endpoints contains '"
                              + name
                              + "', which the lab"
                              + " does not offer. The lab's endpoints are "
                              + LabEndpoint.labels()
                              + "; e.g. -Dfailover.lab-endpoints=direct,proxy.")));
    }
    List<String> patroniUrls = stringList(c, "patroni.urls");
    patroniUrls.forEach(SettingsLoader::checkPatroniUrl);
    TriggerKind trigger = trigger(string(c, "trigger"), onLab, patroniUrls);
    List<TriggerKind> matrix = new ArrayList<>();
    for (String fault : stringList(c, "matrix")) {
      TriggerKind kind =
          TriggerKind.ofLabel(fault)
              .filter(TriggerKind::isLabFault)
              .orElseThrow(
                  () ->
                      new SettingsException(
                          key("matrix"),
                          "failover.matrix contains '"
                              + fault
                              + "', which is not a lab fault this tool can run. Use some of "
                              + TriggerKind.labels(TriggerKind::isLabFault)
                              + ", e.g. failover.matrix = "
                              + "[patroni-switchover, kill-primary]."));
      matrix.add(kind);
    }
    TriggerOptions options = triggerOptions(c, trigger);
    long maxFailed =
        c.hasPath("slo.max-failed-requests")
            ? integer(c, "slo.max-failed-requests", "slo.max-failed-requests")
            : -1;
    long maxLost =
        c.hasPath("slo.max-lost-writes")
            ? integer(c, "slo.max-lost-writes", "slo.max-lost-writes")
            : -1;
    String figureLabel = string(c, "slo.downtime-figure");
    Figure sloFigure = Figure.ofLabel(figureLabel);
    if (sloFigure == null) {
      throw new SettingsException(
          key("slo.downtime-figure"),
          "failover.slo.downtime-figure is '"
              + figureLabel
              + "'. It says which downtime failover.slo.max-downtime is checked on: "
              + "path (the path's own outage, the default) or workload (what the pooled load saw), "
              + "e.g. -Dfailover.slo.downtime-figure=workload.");
    }
    return new FailoverSettings(
        endpoints,
        user,
        passwordEnv,
        pool,
        workload,
        run,
        new FaultSettings(
            trigger, options, positive(c, "repeat"), matrix, patroniUrls, aws(c, trigger)),
        new SloLimits(duration(c, "slo.max-downtime"), maxFailed, maxLost, sloFigure),
        new AnalysisChoice(gapThreshold(c), string(c, "analysis.baseline-endpoint")),
        new LabChoice(
            labEndpoints,
            bool(c, "lab.keep"),
            Path.of(string(c, "lab.dir")),
            bool(c, "lab.patroni.failsafe-mode")),
        Path.of(string(c, "results-dir")),
        EffectiveConfig.masked(c));
  }

  /** The analysis works in whole milliseconds: a shorter gap would make every pause a window. */
  private static Duration gapThreshold(Config c) {
    Duration gap = duration(c, "analysis.gap-threshold");
    if (gap.toMillis() < 1) {
      throw new SettingsException(
          key("analysis.gap-threshold"),
          "failover.analysis.gap-threshold is "
              + gap.toMillis()
              + " ms; it must be at least 1 ms (the default is 200ms, twenty heartbeat"
              + " intervals), e.g. -Dfailover.analysis.gap-threshold=100ms.");
    }
    return gap;
  }

  private static TriggerOptions triggerOptions(Config c, TriggerKind trigger) {
    String proxy = string(c, "kill-proxy.proxy");
    if (!proxy.equals("pgbouncer") && !proxy.equals("haproxy")) {
      throw new SettingsException(
          key("kill-proxy.proxy"),
          "failover.kill-proxy.proxy is '"
              + proxy
              + "'; the lab's proxies are pgbouncer and haproxy.");
    }
    TriggerOptions options =
        new TriggerOptions(
            string(c, "patroni-failover.candidate"),
            duration(c, "freeze-primary.duration"),
            proxy,
            duration(c, "kill-proxy.restart-delay"),
            duration(c, "partition.duration"),
            duration(c, "dcs-outage.duration"),
            string(c, "command.run"),
            duration(c, "command.timeout"),
            string(c, "command.observe-command"),
            duration(c, "manual.countdown"),
            string(c, "manual.jdbc-url"));
    if (trigger == TriggerKind.COMMAND && options.command().isBlank()) {
      throw new SettingsException(
          key("command.run"),
          "failover.trigger = command runs the "
              + "shell command in failover.command.run, and it is empty. Set it, e.g. "
              + "-Dfailover.command.run='kubectl delete pod pg-0'.");
    }
    for (String key : List.of("partition.duration", "dcs-outage.duration")) {
      if (duration(c, key).isZero()) {
        throw new SettingsException(
            key(key),
            "failover."
                + key
                + " must be longer than 0, e.g. 20s (longer than Patroni's ttl, 10 s on the lab,"
                + " for the cluster to act).");
      }
    }
    if (trigger == TriggerKind.FREEZE_PRIMARY && options.freezeDuration().isZero()) {
      throw new SettingsException(
          key("freeze-primary.duration"),
          "failover.freeze-primary"
              + ".duration must be longer than 0, e.g. 15s (longer than Patroni's ttl to fail over).");
    }
    return options;
  }

  private static AwsSettings aws(Config c, TriggerKind trigger) {
    String endpoint = string(c, "aws.endpoint-override");
    AwsSettings aws;
    try {
      aws =
          new AwsSettings(
              string(c, "aws.region"),
              string(c, "aws.cluster-id"),
              string(c, "aws.instance-id"),
              string(c, "aws.target-instance-id"),
              bool(c, "aws.force-failover"),
              endpoint.isBlank() ? null : URI.create(endpoint),
              duration(c, "aws.poll-interval"),
              duration(c, "aws.api-call-timeout"),
              integer(c, "aws.max-attempts", "aws.max-attempts"),
              string(c, "aws.instance-class"),
              string(c, "aws.engine-version"),
              string(c, "aws.blue-green-deployment-id"));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(
          key("aws.endpoint-override"),
          "failover.aws.endpoint-override"
              + " is '"
              + endpoint
              + "', which is not a URL. Give e.g. https://rds.eu-west-1"
              + ".amazonaws.com, or leave it empty.",
          e);
    }
    if (trigger == TriggerKind.AURORA_FAILOVER && aws.clusterId() == null) {
      throw new SettingsException(
          key("aws.cluster-id"),
          "failover.trigger = aurora-failover "
              + "fails over an Aurora (or Multi-AZ DB) cluster, and failover.aws.cluster-id is empty. "
              + "Set it to the cluster identifier, e.g. -Dfailover.aws.cluster-id=my-cluster.");
    }
    if (trigger == TriggerKind.RDS_REBOOT && aws.instanceId() == null) {
      throw new SettingsException(
          key("aws.instance-id"),
          "failover.trigger = rds-reboot "
              + "reboots a DB instance, and failover.aws.instance-id is empty. Set it to the "
              + "instance identifier, e.g. -Dfailover.aws.instance-id=my-db-1.");
    }
    checkMaintenance(trigger, aws);
    return aws;
  }

  /** The maintenance triggers each need their change and what to apply it to. */
  private static void checkMaintenance(TriggerKind trigger, AwsSettings aws) {
    String change =
        switch (trigger) {
          case RDS_MODIFY_CLASS ->
              aws.instanceClass() == null ? "aws.instance-class (e.g. db.r6g.xlarge)" : null;
          case RDS_UPGRADE ->
              aws.engineVersion() == null
                  ? "aws.engine-version (e.g. 16.4, a minor upgrade)"
                  : null;
          case BLUE_GREEN_SWITCHOVER ->
              aws.blueGreenDeploymentId() == null
                  ? "aws.blue-green-deployment-id (e.g. bgd-0123456789abcdef)"
                  : null;
          default -> null;
        };
    if (change != null) {
      String name = change.substring(0, change.indexOf(' '));
      throw new SettingsException(
          key(name),
          "failover.trigger = "
              + trigger.label()
              + " needs failover."
              + change
              + ", and it is empty. Set it, e.g. -Dfailover."
              + name
              + "=...");
    }
    boolean modifies =
        trigger == TriggerKind.RDS_MODIFY_CLASS || trigger == TriggerKind.RDS_UPGRADE;
    if (modifies && aws.instanceId() == null && aws.clusterId() == null) {
      throw new SettingsException(
          key("aws.instance-id"),
          "failover.trigger = "
              + trigger.label()
              + " modifies a DB instance or a Multi-AZ DB cluster, and neither"
              + " failover.aws.instance-id nor failover.aws.cluster-id is set. Set"
              + " failover.aws.instance-id for an RDS instance (or an Aurora instance's class), or"
              + " failover.aws.cluster-id for a Multi-AZ DB cluster (or an Aurora cluster's"
              + " version).");
    }
  }

  /** A Patroni REST URL: http(s), a host, at most a path; refused before load otherwise. */
  private static void checkPatroniUrl(String url) {
    String problem;
    try {
      URI uri = new URI(url);
      boolean http =
          "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
      problem =
          !http
              ? "it does not start with http:// or https://"
              : uri.getHost() == null ? "it names no host" : null;
    } catch (URISyntaxException e) {
      problem = e.getReason() + " at character " + (e.getIndex() + 1);
    }
    if (problem != null) {
      throw new SettingsException(
          key("patroni.urls"),
          "failover.patroni.urls contains '"
              + url
              + "', which is not a Patroni REST URL: "
              + problem
              + ". Give each node's REST API as"
              + " http://host:port, e.g. -Dfailover.patroni.urls=http://10.0.0.1:8008,"
              + "http://10.0.0.2:8008.");
    }
  }

  private static TriggerKind trigger(String label, boolean lab, List<String> patroniUrls) {
    TriggerKind kind =
        TriggerKind.ofLabel(label)
            .orElseThrow(
                () ->
                    new SettingsException(
                        key("trigger"),
                        "failover.trigger is '"
                            + label
                            + "', which is not a trigger this tool "
                            + "knows. Use one of "
                            + TriggerKind.labels(k -> true)
                            + ", e.g. -Dfailover.trigger=patroni-switchover."));
    if (lab && kind.fit() == TriggerKind.Fit.AWS) {
      throw new SettingsException(
          key("trigger"),
          "failover.trigger = "
              + kind
              + " acts on an "
              + "AWS RDS cluster, but no failover.endpoints are configured, so the run would measure "
              + "the local lab. Configure the cluster's endpoints (failover.endpoints.<name>.url), or "
              + "use a lab trigger such as patroni-switchover.");
    }
    if (kind == TriggerKind.AUTO) {
      return lab ? TriggerKind.PATRONI_SWITCHOVER : TriggerKind.NONE;
    }
    if (!lab && kind.fit() == TriggerKind.Fit.LAB) {
      throw new SettingsException(
          key("trigger"),
          "failover.trigger = "
              + kind
              + " signals the "
              + "primary's (or the proxy's) processes on this machine, so it only fits the local lab, "
              + "and endpoints are configured (failover.endpoints). Remove failover.endpoints to run "
              + "on the lab; for your own cluster use patroni-switchover or patroni-failover with "
              + "failover.patroni.urls, command, or manual.");
    }
    if (!lab && kind.fit() == TriggerKind.Fit.PATRONI && patroniUrls.isEmpty()) {
      throw new SettingsException(
          key("patroni.urls"),
          "failover.trigger = "
              + kind
              + " needs the Patroni REST API of the target cluster, and failover.patroni.urls is "
              + "empty. Set it, e.g. failover.patroni.urls = [\"http://10.0.0.1:8008\", "
              + "\"http://10.0.0.2:8008\"], or choose another trigger.");
    }
    return kind;
  }

  private static List<EndpointSettings> endpoints(
      Config c,
      String user,
      String passwordEnv,
      PoolSettings pool,
      java.util.function.Function<String, String> env) {
    List<EndpointSettings> endpoints = new ArrayList<>();
    Config all = c.getConfig("endpoints");
    for (String name : new TreeSet<>(all.root().keySet())) {
      String prefix = "endpoints." + name;
      if (all.getValue(name).valueType() != ConfigValueType.OBJECT) {
        throw new SettingsException(
            key(prefix),
            "failover."
                + prefix
                + " must be an object "
                + "with at least a url, e.g. failover.endpoints."
                + name
                + ".url = \"jdbc:postgresql://host:5432/db\".");
      }
      Config e = all.getConfig(name);
      for (String k : e.root().keySet()) {
        if (!ENDPOINT_KEYS.contains(k)) {
          throw new SettingsException(
              key(prefix + "." + k),
              "failover."
                  + prefix
                  + "."
                  + k
                  + " is not an endpoint setting. An endpoint takes "
                  + new TreeSet<>(ENDPOINT_KEYS)
                  + UnknownKeys.closest(k, ENDPOINT_KEYS, "")
                  + ".");
        }
      }
      if (e.hasPath("url")
          && string(e, "url", prefix + ".url").startsWith(EndpointSettings.LAB_PREFIX)
          && LabEndpoint.ofLabel(
                  string(e, "url", prefix + ".url").substring(EndpointSettings.LAB_PREFIX.length()))
              .isEmpty()) {
        throw new SettingsException(
            key(prefix + ".url"),
            "failover."
                + prefix
                + ".url is '"
                + string(e, "url", prefix + ".url")
                + "', and the lab has no such path. The lab's paths are "
                + LabEndpoint.labels().stream().map(l -> EndpointSettings.LAB_PREFIX + l).toList()
                + ".");
      }
      boolean labPath =
          e.hasPath("url")
              && string(e, "url", prefix + ".url").startsWith(EndpointSettings.LAB_PREFIX);
      if (!labPath
          && (!e.hasPath("url")
              || !string(e, "url", prefix + ".url").startsWith("jdbc:postgresql:")
              || Driver.parseURL(string(e, "url", prefix + ".url"), null) == null)) {
        throw new SettingsException(
            key(prefix + ".url"),
            "failover."
                + prefix
                + ".url must be "
                + "a PostgreSQL JDBC URL that pgjdbc can read, such as jdbc:postgresql://host:5432/db"
                + " (a multi-host URL jdbc:postgresql://h1:5432,h2:5432/db?targetServerType=primary"
                + " works too), or lab:<path> for a path of the local lab (lab:direct, lab:proxy,"
                + " ...).");
      }
      String roleText = e.hasPath("role") ? string(e, "role", prefix + ".role") : "writer";
      EndpointSettings.Role role;
      try {
        role = EndpointSettings.Role.valueOf(roleText.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException ex) {
        throw new SettingsException(
            key(prefix + ".role"),
            "failover."
                + prefix
                + ".role is '"
                + roleText
                + "'; use writer (every workload) or reader (read-only workloads).");
      }
      String envName =
          e.hasPath("password-env")
              ? string(e, "password-env", prefix + ".password-env")
              : passwordEnv;
      String password = env.apply(envName);
      PoolSettings own =
          new PoolSettings(
              e.hasPath("pool-size")
                  ? positive(e, "pool-size", prefix + ".pool-size")
                  : pool.size(),
              overridden(e, prefix, "connect-timeout", pool.connectTimeout()),
              overridden(e, prefix, "socket-timeout", pool.socketTimeout()),
              overridden(e, prefix, "login-timeout", pool.loginTimeout()),
              overridden(e, prefix, "acquire-timeout", pool.acquireTimeout()));
      int size = own.size();
      endpoints.add(
          new EndpointSettings(
              name,
              string(e, "url", prefix + ".url"),
              role,
              e.hasPath("user") ? string(e, "user", prefix + ".user") : user,
              Secret.of(password == null ? "" : password),
              size,
              wrapperPlugins(e, prefix),
              auth(e, prefix),
              e.hasPath("secret-id") ? string(e, "secret-id", prefix + ".secret-id") : null,
              own));
      checkAuth(endpoints.get(endpoints.size() - 1), prefix);
    }
    return List.copyOf(endpoints);
  }

  /** An endpoint's own value of a pool timeout, else the run's {@code failover.pool.<key>}. */
  private static java.time.Duration overridden(
      Config e, String prefix, String key, java.time.Duration runDefault) {
    return e.hasPath(key) ? duration(e, key, prefix + "." + key) : runDefault;
  }

  private static EndpointSettings.Auth auth(Config e, String prefix) {
    String text = e.hasPath("auth") ? string(e, "auth", prefix + ".auth") : "password";
    for (EndpointSettings.Auth a : EndpointSettings.Auth.values()) {
      if (a.label().equals(text.trim())) {
        return a;
      }
    }
    throw new SettingsException(
        key(prefix + ".auth"),
        "failover."
            + prefix
            + ".auth is '"
            + text
            + "'; use password (the environment variable of password-env), iam (an RDS IAM"
            + " authentication token) or secrets-manager (with "
            + prefix
            + ".secret-id).");
  }

  private static void checkAuth(EndpointSettings endpoint, String prefix) {
    boolean secretId = endpoint.secretId() != null && !endpoint.secretId().isBlank();
    if (endpoint.auth() == EndpointSettings.Auth.SECRETS_MANAGER && !secretId) {
      throw new SettingsException(
          key(prefix + ".secret-id"),
          "failover."
              + prefix
              + ".auth = secrets-manager needs the secret: set failover."
              + prefix
              + ".secret-id to its name or ARN (a secret with a password field, as RDS writes"
              + " them).");
    }
    if (endpoint.auth() != EndpointSettings.Auth.SECRETS_MANAGER && secretId) {
      throw new SettingsException(
          key(prefix + ".secret-id"),
          "failover."
              + prefix
              + ".secret-id is set, but the endpoint's auth is "
              + endpoint.auth().label()
              + ". Set failover."
              + prefix
              + ".auth = secrets-manager, or remove secret-id.");
    }
    if (endpoint.auth() == EndpointSettings.Auth.IAM
        && Driver.parseURL(endpoint.url(), null).getProperty("PGHOST", "").contains(",")) {
      throw new SettingsException(
          key(prefix + ".auth"),
          "failover."
              + prefix
              + ".auth = iam needs a single-host URL: an IAM token is signed for one host and"
              + " port. Give the cluster, instance or proxy endpoint, not a multi-host URL.");
    }
  }

  /** The wrapper's plugins when the endpoint goes through the AWS JDBC Wrapper, else null. */
  private static @Nullable String wrapperPlugins(Config e, String prefix) {
    boolean wrapper = e.hasPath("wrapper") && bool(e, "wrapper", prefix + ".wrapper");
    if (!wrapper) {
      if (e.hasPath("wrapper-plugins")) {
        throw new SettingsException(
            key(prefix + ".wrapper-plugins"),
            "failover."
                + prefix
                + ".wrapper-plugins is set, but the endpoint does not use the AWS JDBC Wrapper. Set"
                + " failover."
                + prefix
                + ".wrapper = true, or remove wrapper-plugins.");
      }
      return null;
    }
    String plugins =
        e.hasPath("wrapper-plugins")
            ? string(e, "wrapper-plugins", prefix + ".wrapper-plugins").replace(" ", "")
            : DEFAULT_WRAPPER_PLUGINS;
    if (!plugins.matches("[A-Za-z0-9]+(,[A-Za-z0-9]+)*")) {
      throw new SettingsException(
          key(prefix + ".wrapper-plugins"),
          "failover."
              + prefix
              + ".wrapper-plugins is '"
              + plugins
              + "'; give the AWS JDBC Wrapper's plugin codes separated by commas, e.g."
              + " \"failover2,efm2\" (on the local lab, which is no Aurora or Multi-AZ DB cluster,"
              + " only \"efm2\").");
    }
    return plugins;
  }

  private static WorkloadSettings workload(Config c) {
    int read = nonNegative(c, "workload.business.weights.read");
    int write = nonNegative(c, "workload.business.weights.write");
    int transaction = nonNegative(c, "workload.business.weights.transaction");
    if (read + write + transaction != 100) {
      throw new SettingsException(
          key("workload.business.weights"),
          "failover.workload.business"
              + ".weights must add up to 100 (read + write + transaction), and they add up to "
              + (read + write + transaction)
              + " ("
              + read
              + " + "
              + write
              + " + "
              + transaction
              + "). Adjust them, e.g. read = 70, write = 20, transaction = 10.");
    }
    Duration interval = duration(c, "workload.heartbeat.interval");
    if (interval.toMillis() < 1) {
      throw new SettingsException(
          key("workload.heartbeat.interval"),
          "failover.workload."
              + "heartbeat.interval must be at least 1ms (it is "
              + interval
              + ").");
    }
    return new WorkloadSettings(
        bool(c, "workload.business.enabled"),
        positive(c, "workload.business.users-per-endpoint"),
        duration(c, "workload.business.pace"),
        read,
        write,
        transaction,
        positive(c, "workload.business.rows.users"),
        positive(c, "workload.business.rows.products"),
        positive(c, "workload.business.rows.orders"),
        positive(c, "workload.business.rows.logs"),
        bool(c, "workload.heartbeat.enabled"),
        interval,
        tpcb(c));
  }

  private static WorkloadSettings.Tpcb tpcb(Config c) {
    String label = string(c, "workload.tpcb.mode");
    TpcbMode mode =
        TpcbMode.ofLabel(label)
            .orElseThrow(
                () ->
                    new SettingsException(
                        key("workload.tpcb.mode"),
                        "failover.workload.tpcb.mode is '"
                            + label
                            + "'; use one of "
                            + TpcbMode.labels()
                            + " (pgbench's built-in scripts), or give your own script file"
                            + " with failover.workload.tpcb.script."));
    return new WorkloadSettings.Tpcb(
        positive(c, "workload.tpcb.scale"),
        positive(c, "workload.tpcb.clients-per-endpoint"),
        mode,
        string(c, "workload.tpcb.script").trim(),
        duration(c, "workload.tpcb.pace"));
  }
}
