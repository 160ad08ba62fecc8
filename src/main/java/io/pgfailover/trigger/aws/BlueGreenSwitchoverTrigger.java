package io.pgfailover.trigger.aws;

import io.pgfailover.config.AwsSettings;
import io.pgfailover.config.SettingsException;
import io.pgfailover.config.TriggerKind;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.Outcome;
import io.pgfailover.trigger.Trigger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.rds.model.BlueGreenDeployment;
import software.amazon.awssdk.services.rds.model.BlueGreenDeploymentNotFoundException;
import software.amazon.awssdk.services.rds.model.SourceType;
import software.amazon.awssdk.services.rds.model.SwitchoverBlueGreenDeploymentResponse;

/**
 * Switches a blue/green deployment over with {@code SwitchoverBlueGreenDeployment}: RDS stops
 * writes on blue, lets green catch up, then renames green to blue's endpoints. It then follows
 * {@code DescribeBlueGreenDeployments} every poll interval until the deployment is {@code
 * SWITCHOVER_COMPLETED}.
 *
 * <p>Events: {@code asked}, {@code returned}, {@code blue-green-status} on each change of the
 * deployment's or a member's status (AVAILABLE -> SWITCHOVER_IN_PROGRESS -> SWITCHOVER_COMPLETED),
 * {@code new-primary-seen} ("blue -> green") at completion, then the RDS events of the deployment,
 * blue and green as {@code rds-event}. A {@code SWITCHOVER_FAILED} (RDS rolled back) ends the
 * trigger with RDS's status details.
 */
public final class BlueGreenSwitchoverTrigger implements Trigger {
  public static final String KIND = TriggerKind.BLUE_GREEN_SWITCHOVER.label();
  private static final Logger LOG = LoggerFactory.getLogger(BlueGreenSwitchoverTrigger.class);

  private final AwsSettings settings;
  private final String deploymentId;
  private final RdsApi api;

  /** Uses the AWS SDK's default credentials provider chain. */
  public BlueGreenSwitchoverTrigger(AwsSettings settings) {
    this(settings, DefaultCredentialsProvider.builder().build());
  }

  /** Uses {@code credentials} (tests, or a caller with its own provider). */
  public BlueGreenSwitchoverTrigger(AwsSettings settings, AwsCredentialsProvider credentials) {
    if (settings.blueGreenDeploymentId() == null) {
      throw new SettingsException(
          AwsSettings.BLUE_GREEN_DEPLOYMENT_ID,
          "Trigger "
              + KIND
              + " needs the blue/green deployment to switch over: set "
              + AwsSettings.BLUE_GREEN_DEPLOYMENT_ID
              + " to its identifier (bgd-..., `aws rds describe-blue-green-deployments`).");
    }
    this.settings = settings;
    this.deploymentId = settings.blueGreenDeploymentId();
    this.api = new RdsApi(KIND, settings, credentials);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void preflight() {
    LOG.info("trigger {}: blue/green deployment {}", KIND, readyDeployment().describe());
  }

  @Override
  public void fire(Consumer<FailoverEvent> events, Duration deadline) throws Exception {
    Deadline end = new Deadline(deadline);
    BlueGreenState before = readyDeployment();
    FailoverEvent asked =
        FailoverEvent.now(EventName.ASKED, "SwitchoverBlueGreenDeployment " + before.describe());
    events.accept(asked);
    try {
      SwitchoverBlueGreenDeploymentResponse response;
      try {
        response =
            api.client()
                .switchoverBlueGreenDeployment(r -> r.blueGreenDeploymentIdentifier(deploymentId));
      } catch (RuntimeException e) {
        events.accept(FailoverEvent.answer(Outcome.FAILED, "error " + RdsFailures.describe(e)));
        throw RdsFailures.refused(
            KIND, "SwitchoverBlueGreenDeployment", "blue/green deployment " + deploymentId, e);
      }
      BlueGreenState answered =
          response.blueGreenDeployment() == null
              ? before
              : BlueGreenState.of(response.blueGreenDeployment());
      events.accept(FailoverEvent.answer(Outcome.OK, answered.status()));
      await(before, answered, end, events);
    } finally {
      emitRdsEvents(asked.atMicros(), before, events);
    }
  }

  private void await(
      BlueGreenState before, BlueGreenState answered, Deadline end, Consumer<FailoverEvent> events)
      throws InterruptedException, TimeoutException {
    BlueGreenState last = before;
    last = reportChanges(last, answered, events);
    while (!end.passed()) {
      if (BlueGreenState.COMPLETED.equals(last.status())) {
        events.accept(
            FailoverEvent.now(
                EventName.NEW_PRIMARY_SEEN,
                BlueGreenState.name(before.source())
                    + " -> "
                    + BlueGreenState.name(before.target())));
        return;
      }
      if (BlueGreenState.FAILED.equals(last.status())) {
        throw new IllegalStateException(
            "Trigger "
                + KIND
                + ": the switchover of blue/green deployment "
                + last.describe()
                + " failed, and RDS rolled it back; see its status details and the rds-event lines.");
      }
      end.sleep(settings.pollInterval());
      BlueGreenState now = describeOrNull();
      if (now != null) {
        last = reportChanges(last, now, events);
      }
    }
    throw new TimeoutException(
        "Trigger "
            + KIND
            + ": blue/green deployment "
            + deploymentId
            + " was not SWITCHOVER_COMPLETED before the deadline (raise"
            + " failover.run.trigger-deadline); last seen "
            + last.describe());
  }

  /** Emits a {@code blue-green-status} for the deployment's and each member's status change. */
  private static BlueGreenState reportChanges(
      BlueGreenState last, BlueGreenState now, Consumer<FailoverEvent> events) {
    if (!now.status().equals(last.status())) {
      events.accept(
          FailoverEvent.now(
              EventName.BLUE_GREEN_STATUS, now.id() + " " + last.status() + " -> " + now.status()));
    }
    for (String member : now.members()) {
      if (!last.members().contains(member)) {
        events.accept(FailoverEvent.now(EventName.BLUE_GREEN_STATUS, member));
      }
    }
    return now;
  }

  private @Nullable BlueGreenState describeOrNull() {
    try {
      return BlueGreenState.of(describe());
    } catch (RuntimeException e) {
      if (!RdsApi.isTransient(e)) {
        throw RdsFailures.refused(
            KIND, "DescribeBlueGreenDeployments", "blue/green deployment " + deploymentId, e);
      }
      LOG.warn(
          "trigger {}: DescribeBlueGreenDeployments failed, polling on: {}",
          KIND,
          RdsFailures.describe(e));
      return null;
    }
  }

  private BlueGreenDeployment describe() {
    List<BlueGreenDeployment> found =
        api.client()
            .describeBlueGreenDeployments(r -> r.blueGreenDeploymentIdentifier(deploymentId))
            .blueGreenDeployments();
    if (found.isEmpty()) {
      throw BlueGreenDeploymentNotFoundException.builder()
          .message("DescribeBlueGreenDeployments returned no deployment " + deploymentId)
          .build();
    }
    return found.get(0);
  }

  private void emitRdsEvents(
      long askedMicros, BlueGreenState before, Consumer<FailoverEvent> events) {
    List<RdsEvents.Source> sources = new ArrayList<>();
    sources.add(new RdsEvents.Source(SourceType.BLUE_GREEN_DEPLOYMENT, deploymentId));
    for (String arn : new String[] {before.source(), before.target()}) {
      if (arn != null) {
        sources.add(new RdsEvents.Source(BlueGreenState.sourceType(arn), BlueGreenState.name(arn)));
      }
    }
    try {
      int count = RdsEvents.emit(api.client(), askedMicros, sources, events);
      LOG.info("trigger {}: {} RDS events since asked - {}", KIND, count, RdsEvents.LOOK_BEHIND);
    } catch (RuntimeException e) {
      LOG.warn("trigger {}: could not read RDS events: {}", KIND, RdsFailures.describe(e));
    }
  }

  /** Describes the deployment and checks it can switch over now; a SettingsException if not. */
  private BlueGreenState readyDeployment() {
    api.checkCredentials();
    BlueGreenState state;
    try {
      state = BlueGreenState.of(describe());
    } catch (BlueGreenDeploymentNotFoundException e) {
      throw new SettingsException(
          AwsSettings.BLUE_GREEN_DEPLOYMENT_ID,
          "Trigger "
              + KIND
              + " found no blue/green deployment '"
              + deploymentId
              + "' ("
              + RdsFailures.describe(e)
              + "). Set "
              + AwsSettings.BLUE_GREEN_DEPLOYMENT_ID
              + " to its identifier (bgd-..., not its name), and "
              + AwsSettings.REGION
              + " to the region it is in.",
          e);
    } catch (RuntimeException e) {
      throw RdsFailures.atPreflight(
          KIND, AwsSettings.BLUE_GREEN_DEPLOYMENT_ID, "blue/green deployment " + deploymentId, e);
    }
    if (!BlueGreenState.AVAILABLE.equals(state.status())) {
      throw new SettingsException(
          AwsSettings.BLUE_GREEN_DEPLOYMENT_ID,
          "Trigger "
              + KIND
              + ": blue/green deployment "
              + state.describe()
              + " is not in a state to switch over: it must be AVAILABLE. "
              + whatToDo(state.status()));
    }
    return state;
  }

  private static String whatToDo(String status) {
    return switch (status) {
      case "PROVISIONING" -> "RDS is still creating the green environment: wait until it is done.";
      case "SWITCHOVER_IN_PROGRESS" -> "A switchover is running now: wait until it has finished.";
      case BlueGreenState.COMPLETED ->
          "It has switched over already: create a new blue/green deployment to measure another.";
      case "INVALID_CONFIGURATION", BlueGreenState.FAILED ->
          "Fix what its status details say (e.g. green's replication, unsupported parameters), or"
              + " delete it and create a new one.";
      default -> "Wait until it is AVAILABLE, then start the run again.";
    };
  }

  @Override
  public void close() {
    api.close();
  }
}
