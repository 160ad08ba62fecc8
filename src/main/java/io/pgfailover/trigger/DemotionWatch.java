package io.pgfailover.trigger;

import io.pgfailover.patroni.PatroniMember;
import io.pgfailover.patroni.PatroniRest;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.function.Consumer;

/**
 * Watches the primary's own Patroni ({@code GET /patroni}, which needs no DCS) while it cannot
 * reach etcd: Patroni demotes its PostgreSQL once it fails to renew the leader key within
 * retry_timeout, unless {@code failsafe_mode} lets it go on (Patroni 3.0+: it asks every other
 * member instead of the DCS). Records {@code primary-demoted} once, when its role leaves primary.
 */
final class DemotionWatch {
  private final PatroniRest rest;
  private final PatroniMember primary;
  private boolean demoted;
  private String lastSeen = "";

  DemotionWatch(PatroniRest rest, PatroniMember primary) {
    this.rest = rest;
    this.primary = primary;
  }

  /** One read of the primary's own role; records the demotion the first time it is seen. */
  void pollOnce(Consumer<FailoverEvent> events) throws InterruptedIOException {
    if (demoted) {
      return;
    }
    try {
      String roleAndState = rest.ownRoleAndState(primary);
      lastSeen = roleAndState;
      String role = roleAndState.substring(0, roleAndState.indexOf('/'));
      if (!role.equals("master") && !role.equals("primary")) {
        demoted = true;
        events.accept(
            FailoverEvent.now(
                EventName.PRIMARY_DEMOTED,
                primary.name()
                    + " demoted itself ("
                    + roleAndState
                    + "): it could not renew the leader key in the DCS"));
      }
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      // Patroni restarts PostgreSQL while demoting; its API may miss a beat
    }
  }

  boolean demoted() {
    return demoted;
  }

  /** The last "role/state" read, for the timeline. */
  String lastSeen() {
    return lastSeen;
  }
}
