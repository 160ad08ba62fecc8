package io.pgfailover.workload.tpcb;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses pgbench's expression syntax (the part a load script needs): integer and double literals,
 * {@code :var}, unary and binary {@code + - * / %}, parentheses, and the functions {@code random},
 * {@code random_gaussian}, {@code random_exponential}, {@code abs}, {@code int}, {@code double},
 * {@code greatest}, {@code least}, {@code pi}, {@code sqrt}, {@code exp}, {@code ln}, {@code pow}.
 * Precedence and integer/double typing follow pgbench (integer division truncates; a double operand
 * makes the result double; integer overflow is an error).
 */
final class ExprParser {
  private final String text;
  private final Map<String, Integer> slots;
  private final String where;
  private int pos;

  private ExprParser(String text, Map<String, Integer> slots, String where) {
    this.text = text;
    this.slots = slots;
    this.where = where;
  }

  /** Compiles {@code text}; {@code slots} maps the variables defined so far to their slot. */
  static Expr parse(String text, Map<String, Integer> slots, String where) {
    ExprParser p = new ExprParser(text, slots, where);
    Expr e = p.additive();
    p.skipSpaces();
    if (p.pos < text.length()) {
      throw p.error("unexpected '" + text.substring(p.pos) + "'");
    }
    return e;
  }

  private Expr additive() {
    Expr left = multiplicative();
    while (true) {
      skipSpaces();
      if (eat('+')) {
        Expr l = left;
        Expr r = multiplicative();
        left = (v, rnd) -> Arith.add(l.eval(v, rnd), r.eval(v, rnd));
      } else if (eat('-')) {
        Expr l = left;
        Expr r = multiplicative();
        left = (v, rnd) -> Arith.sub(l.eval(v, rnd), r.eval(v, rnd));
      } else {
        return left;
      }
    }
  }

  private Expr multiplicative() {
    Expr left = unary();
    while (true) {
      skipSpaces();
      char op = pos < text.length() ? text.charAt(pos) : 0;
      if (op != '*' && op != '/' && op != '%') {
        return left;
      }
      pos++;
      Expr l = left;
      Expr r = unary();
      left =
          switch (op) {
            case '*' -> (v, rnd) -> Arith.mul(l.eval(v, rnd), r.eval(v, rnd));
            case '/' -> (v, rnd) -> Arith.div(l.eval(v, rnd), r.eval(v, rnd));
            default -> (v, rnd) -> Arith.mod(l.eval(v, rnd), r.eval(v, rnd));
          };
    }
  }

  private Expr unary() {
    skipSpaces();
    if (eat('-')) {
      Expr e = unary();
      return (v, rnd) -> Arith.sub(Num.of(0L), e.eval(v, rnd));
    }
    if (eat('+')) {
      return unary();
    }
    return primary();
  }

  private Expr primary() {
    skipSpaces();
    if (pos >= text.length()) {
      throw error("expression ends too early");
    }
    char c = text.charAt(pos);
    if (eat('(')) {
      Expr e = additive();
      skipSpaces();
      if (!eat(')')) {
        throw error("')' expected");
      }
      return e;
    }
    if (c == ':') {
      pos++;
      String name = identifier();
      Integer slot = slots.get(name);
      if (slot == null) {
        throw error(
            "variable :"
                + name
                + " is not defined before this line (defined: "
                + slots.keySet()
                + ")");
      }
      int s = slot;
      return (v, rnd) -> v[s];
    }
    if (Character.isDigit(c) || c == '.') {
      return number();
    }
    if (Character.isLetter(c) || c == '_') {
      String name = identifier().toLowerCase(Locale.ROOT);
      skipSpaces();
      if (!eat('(')) {
        throw error("'" + name + "' is not a function call (variables are written :" + name + ")");
      }
      List<Expr> args = new ArrayList<>();
      skipSpaces();
      if (!eat(')')) {
        do {
          args.add(additive());
          skipSpaces();
        } while (eat(','));
        if (!eat(')')) {
          throw error("')' or ',' expected in the arguments of " + name + "()");
        }
      }
      return Functions.call(name, args, where);
    }
    throw error("unexpected '" + c + "'");
  }

  private Expr number() {
    int start = pos;
    boolean isDouble = false;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isDigit(c)) {
        pos++;
      } else if (c == '.' || c == 'e' || c == 'E') {
        isDouble = true;
        pos++;
        if ((c == 'e' || c == 'E')
            && pos < text.length()
            && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
          pos++;
        }
      } else {
        break;
      }
    }
    String literal = text.substring(start, pos);
    try {
      Num n = isDouble ? Num.of(Double.parseDouble(literal)) : Num.of(Long.parseLong(literal));
      return (v, rnd) -> n;
    } catch (NumberFormatException e) {
      throw error("bad number '" + literal + "'");
    }
  }

  private String identifier() {
    int start = pos;
    while (pos < text.length()
        && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    if (start == pos) {
      throw error("a name is expected");
    }
    return text.substring(start, pos);
  }

  private boolean eat(char c) {
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private ScriptException error(String what) {
    return new ScriptException(where + ": " + what + " in expression '" + text + "'");
  }
}
