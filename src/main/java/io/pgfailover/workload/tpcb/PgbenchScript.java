package io.pgfailover.workload.tpcb;

import io.pgfailover.config.TpcbMode;
import io.pgfailover.record.OperationKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A pgbench script, parsed once: its {@code \set} commands (evaluated by the feeder, in order) and
 * its SQL commands (run by the operation, with {@code :var} bound as parameters, as {@code pgbench
 * -M prepared} does). The built-in scripts are pgbench's own texts ({@code pgbench
 * --show-script=NAME}). Immutable.
 *
 * <p>Supported syntax: {@code \set} with {@link ExprParser expressions}, SQL commands ended by
 * {@code ;} (over several lines, or several on a line), {@code --} comments, {@code BEGIN}/{@code
 * START TRANSACTION}, {@code END}/{@code COMMIT}, {@code ROLLBACK}/{@code ABORT}, and the
 * predefined variable {@code :scale}. Other meta-commands ({@code \sleep}, {@code \gset}, {@code
 * \if}, ...) are refused with a clear message.
 */
public final class PgbenchScript {
  /** The predefined variable: the data set's scale factor (slot 0). */
  public static final String SCALE = "scale";

  private static final Map<TpcbMode, String> BUILTINS =
      Map.of(
          TpcbMode.TPCB_LIKE,
              """
          \\set aid random(1, 100000 * :scale)
          \\set bid random(1, 1 * :scale)
          \\set tid random(1, 10 * :scale)
          \\set delta random(-5000, 5000)
          BEGIN;
          UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
          SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
          UPDATE pgbench_tellers SET tbalance = tbalance + :delta WHERE tid = :tid;
          UPDATE pgbench_branches SET bbalance = bbalance + :delta WHERE bid = :bid;
          INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP);
          END;
          """,
          TpcbMode.SIMPLE_UPDATE,
              """
          \\set aid random(1, 100000 * :scale)
          \\set bid random(1, 1 * :scale)
          \\set tid random(1, 10 * :scale)
          \\set delta random(-5000, 5000)
          BEGIN;
          UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
          SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
          INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP);
          END;
          """,
          TpcbMode.SELECT_ONLY,
              """
          \\set aid random(1, 100000 * :scale)
          SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
          """);

  private final String name;
  private final List<SetCommand> sets;
  private final List<Statement> statements;
  private final List<String> variables;
  private final OperationKind kind;

  private PgbenchScript(
      String name, List<SetCommand> sets, List<Statement> statements, List<String> variables) {
    this.name = name;
    this.sets = List.copyOf(sets);
    this.statements = List.copyOf(statements);
    this.variables = List.copyOf(variables);
    this.kind = kindOf(statements);
  }

  /** pgbench's built-in script {@code mode}. */
  public static PgbenchScript builtin(TpcbMode mode) {
    return parse(mode.label(), BUILTINS.get(mode));
  }

  /** The built-in script pgbench names {@code mode}: tpcb-like, simple-update or select-only. */
  public static PgbenchScript builtin(String mode) {
    return builtin(
        TpcbMode.ofLabel(mode)
            .orElseThrow(
                () ->
                    new ScriptException(
                        "unknown built-in script '"
                            + mode
                            + "'; use one of "
                            + TpcbMode.labels())));
  }

  /** Reads and parses a script file; the operation is named after the file (without extension). */
  public static PgbenchScript load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ScriptException("cannot read the pgbench script " + file + ": " + e);
    }
    String base = file.getFileName().toString();
    int dot = base.lastIndexOf('.');
    return parse(dot > 0 ? base.substring(0, dot) : base, text);
  }

  /** Parses {@code text} in pgbench's script syntax; {@code name} names the operation. */
  public static PgbenchScript parse(String name, String text) {
    return new Parser(name).parse(text);
  }

  public String name() {
    return name;
  }

  /** TRANSACTION with BEGIN, READ when every command is a SELECT, WRITE otherwise. */
  public OperationKind kind() {
    return kind;
  }

  /** Every variable a feeder sets: {@code scale}, then each {@code \set} name once, in order. */
  public List<String> variables() {
    return variables;
  }

  List<SetCommand> sets() {
    return sets;
  }

  List<Statement> statements() {
    return statements;
  }

  private static OperationKind kindOf(List<Statement> statements) {
    boolean allSelect = true;
    for (Statement s : statements) {
      if (s.type() == Statement.Type.BEGIN) {
        return OperationKind.TRANSACTION;
      }
      allSelect &= s.type() == Statement.Type.SQL && s.isSelect();
    }
    return allSelect ? OperationKind.READ : OperationKind.WRITE;
  }

  /** One pass over the text: meta-commands start a line; SQL runs up to an unquoted ';'. */
  private static final class Parser {
    private final String name;
    private final Map<String, Integer> slots = new LinkedHashMap<>();
    private final List<SetCommand> sets = new ArrayList<>();
    private final List<Statement> statements = new ArrayList<>();
    private final StringBuilder sql = new StringBuilder();
    private int sqlLine;
    private boolean inTransaction;

    Parser(String name) {
      this.name = name;
      slots.put(SCALE, 0);
    }

    PgbenchScript parse(String text) {
      String[] lines = text.split("\r?\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i];
        if (sql.toString().isBlank() && line.stripLeading().startsWith("\\")) {
          int first = i;
          StringBuilder meta = new StringBuilder(line.strip());
          while (meta.length() > 0
              && meta.charAt(meta.length() - 1) == '\\'
              && i + 1 < lines.length) {
            meta.setLength(meta.length() - 1);
            meta.append(' ').append(lines[++i].strip());
          }
          meta(meta.toString(), first + 1);
        } else {
          scanSql(line, i + 1);
        }
      }
      if (!sql.toString().isBlank()) {
        endStatement();
      }
      if (inTransaction) {
        throw new ScriptException(
            name
                + ": BEGIN without END/COMMIT/ROLLBACK at the end of the "
                + "script; pgbench scripts must close their transaction");
      }
      if (statements.isEmpty()) {
        throw new ScriptException(name + ": the script has no SQL command");
      }
      return new PgbenchScript(name, sets, statements, List.copyOf(slots.keySet()));
    }

    private void meta(String command, int line) {
      String where = name + " line " + line;
      String[] parts = command.substring(1).split("\\s+", 3);
      String word = parts[0].toLowerCase(Locale.ROOT);
      if (!word.equals("set")) {
        throw new ScriptException(
            where
                + ": \\"
                + word
                + " is not supported (only \\set is; "
                + "variables come from the feeder before the script runs)");
      }
      if (parts.length < 3 || !parts[1].matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new ScriptException(where + ": expected \\set <name> <expression>");
      }
      String var = parts[1];
      if (var.equals(SCALE)) {
        throw new ScriptException(where + ": :scale is predefined (the data set's scale factor)");
      }
      Expr expr = ExprParser.parse(parts[2], slots, where);
      Integer slot = slots.computeIfAbsent(var, k -> slots.size());
      sets.add(new SetCommand(var, slot, expr, line));
    }

    /** Appends {@code line} to the statement, cutting it at each unquoted ';'. */
    private void scanSql(String line, int lineNo) {
      char quote = 0;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quote != 0) {
          sql.append(c);
          if (c == quote) {
            quote = 0;
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
          startIfEmpty(lineNo);
          sql.append(c);
        } else if (c == '-' && i + 1 < line.length() && line.charAt(i + 1) == '-') {
          break;
        } else if (c == ';') {
          endStatement();
        } else {
          if (!Character.isWhitespace(c)) {
            startIfEmpty(lineNo);
          }
          sql.append(c);
        }
      }
      if (quote != 0) {
        throw new ScriptException(
            name
                + " line "
                + lineNo
                + ": unterminated quote "
                + quote
                + " (a quoted string must end on its line)");
      }
      sql.append('\n');
    }

    private void startIfEmpty(int lineNo) {
      if (sql.toString().isBlank()) {
        sqlLine = lineNo;
      }
    }

    private void endStatement() {
      String text = sql.toString().strip();
      sql.setLength(0);
      if (text.isEmpty()) {
        return;
      }
      String where = name + " line " + sqlLine;
      String word = text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
      Statement.Type type =
          switch (word) {
            case "begin", "begin transaction", "begin work", "start transaction" ->
                Statement.Type.BEGIN;
            case "end",
                "end transaction",
                "end work",
                "commit",
                "commit transaction",
                "commit work" ->
                Statement.Type.COMMIT;
            case "rollback", "rollback transaction", "rollback work", "abort" ->
                Statement.Type.ROLLBACK;
            default -> Statement.Type.SQL;
          };
      if (type == Statement.Type.BEGIN) {
        if (inTransaction) {
          throw new ScriptException(where + ": BEGIN inside a transaction");
        }
        inTransaction = true;
      } else if (type != Statement.Type.SQL) {
        if (!inTransaction) {
          throw new ScriptException(where + ": " + text + " without BEGIN");
        }
        inTransaction = false;
      }
      List<String> parameters = new ArrayList<>();
      String bound = type == Statement.Type.SQL ? bindVariables(text, parameters, where) : text;
      statements.add(new Statement(type, bound, parameters, sqlLine));
    }

    /** Replaces each {@code :name} outside quotes by '?', noting the names; '::' casts stay. */
    private String bindVariables(String text, List<String> parameters, String where) {
      StringBuilder out = new StringBuilder(text.length());
      char quote = 0;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          }
          out.append(c);
        } else if (c == '\'' || c == '"') {
          quote = c;
          out.append(c);
        } else if (c == ':' && i + 1 < text.length() && text.charAt(i + 1) == ':') {
          out.append("::");
          i++;
        } else if (c == ':' && i + 1 < text.length() && isNameChar(text.charAt(i + 1))) {
          int end = i + 1;
          while (end < text.length() && isNameChar(text.charAt(end))) {
            end++;
          }
          String var = text.substring(i + 1, end);
          if (!slots.containsKey(var)) {
            throw new ScriptException(
                where
                    + ": variable :"
                    + var
                    + " is not set by a \\set "
                    + "before it (set: "
                    + slots.keySet()
                    + ")");
          }
          parameters.add(var);
          out.append('?');
          i = end - 1;
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }

    private static boolean isNameChar(char c) {
      return Character.isLetterOrDigit(c) || c == '_';
    }
  }
}
