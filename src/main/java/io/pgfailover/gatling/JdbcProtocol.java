package io.pgfailover.gatling;

import io.gatling.core.CoreComponents;
import io.gatling.core.config.GatlingConfiguration;
import io.gatling.core.protocol.Protocol;
import io.gatling.core.protocol.ProtocolComponents;
import io.gatling.core.protocol.ProtocolKey;
import io.gatling.core.session.Session;
import io.gatling.javaapi.core.ProtocolBuilder;
import scala.Function1;
import scala.runtime.BoxedUnit;

/**
 * The run's JDBC protocol for Gatling, as {@code http} is for HTTP: it owns the recorder and the
 * worker threads ({@link JdbcRuntime}) that every {@link FailoverDsl#sql} step of the simulation
 * shares. Given to {@code setUp(...).protocols(...)}; the steps find it when Gatling builds them.
 */
public final class JdbcProtocol implements Protocol, ProtocolBuilder {
  /** How the steps find the protocol's components in Gatling's registry. */
  static final ProtocolKey<JdbcProtocol, Components> KEY =
      new ProtocolKey<>() {
        @Override
        @SuppressWarnings("unchecked")
        public Class<Protocol> protocolClass() {
          return (Class<Protocol>) (Class<?>) JdbcProtocol.class;
        }

        @Override
        public JdbcProtocol defaultProtocolValue(GatlingConfiguration configuration) {
          throw new IllegalStateException(
              "a sql(...) step needs the run's JDBC protocol: add it to the simulation's setUp,"
                  + " e.g. setUp(run.populations()).protocols(run.protocol())");
        }

        @Override
        public Function1<JdbcProtocol, Components> newComponents(CoreComponents core) {
          return protocol -> new Components(protocol.runtime);
        }
      };

  private final JdbcRuntime runtime;

  JdbcProtocol(JdbcRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public Protocol protocol() {
    return this;
  }

  /** What a step gets from the registry: the shared runtime. Nothing per virtual user. */
  static final class Components implements ProtocolComponents {
    private final JdbcRuntime runtime;

    Components(JdbcRuntime runtime) {
      this.runtime = runtime;
    }

    JdbcRuntime runtime() {
      return runtime;
    }

    @Override
    public Function1<Session, Session> onStart() {
      return session -> session;
    }

    @Override
    public Function1<Session, BoxedUnit> onExit() {
      return session -> BoxedUnit.UNIT;
    }
  }
}
