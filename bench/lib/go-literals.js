// A small reader for the Go test sources of other scanners: it tokenises Go, parses the
// expressions that test tables and expectation variables are written in (composite literals,
// calls, selectors, function literals, string concatenation) and evaluates them to plain values.
// It is not a Go compiler; it reads what table-driven tests are made of and nothing else.

/** Splits Go source into tokens: { t: 'str' | 'num' | 'id' | 'op', v, at }. Comments are dropped. */
export function tokenize(src) {
  const out = [];
  let i = 0;
  const n = src.length;
  let nl = true;
  const push = (tok) => {
    tok.nl = nl;
    nl = false;
    out.push(tok);
  };
  while (i < n) {
    const ch = src[i];
    if (ch === '\n') {
      nl = true;
      i++;
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if (ch === '/' && src[i + 1] === '/') {
      const j = src.indexOf('\n', i);
      i = j === -1 ? n : j;
    } else if (ch === '/' && src[i + 1] === '*') {
      const j = src.indexOf('*/', i + 2);
      if (src.slice(i, j).includes('\n')) nl = true;
      i = j === -1 ? n : j + 2;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < n && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      push({ t: 'str', v: unquote(src.slice(i + 1, j)), at: i });
      i = j + 1;
    } else if (ch === '`') {
      const j = src.indexOf('`', i + 1);
      push({ t: 'str', v: src.slice(i + 1, j), at: i });
      i = j + 1;
    } else if (ch === "'") {
      let j = i + 1;
      while (j < n && src[j] !== "'") j += src[j] === '\\' ? 2 : 1;
      push({ t: 'num', v: src.slice(i, j + 1), at: i });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(src[j])) j++;
      push({ t: 'id', v: src.slice(i, j), at: i });
      i = j;
    } else if (/[0-9]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(src[j])) j++;
      push({ t: 'num', v: src.slice(i, j), at: i });
      i = j;
    } else {
      const three = src.slice(i, i + 3);
      const two = src.slice(i, i + 2);
      const op = three === '...' ? three : [':=', '==', '!=', '&&', '||', '<=', '>=', '++', '--', '+=', '<-'].includes(two) ? two : ch;
      push({ t: 'op', v: op, at: i });
      i += op.length;
    }
  }
  return out;
}

function unquote(body) {
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, e) => {
    if (e[0] === 'u' || e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    return { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', "'": "'" }[e] ?? e;
  });
}

/** Index just past the bracket that closes the one at `toks[i]`. */
function skipBalanced(toks, i) {
  const open = toks[i].v;
  const close = { '(': ')', '[': ']', '{': '}' }[open];
  let depth = 0;
  for (let k = i; k < toks.length; k++) {
    if (toks[k].t !== 'op') continue;
    if (toks[k].v === open) depth++;
    else if (toks[k].v === close && --depth === 0) return k + 1;
  }
  return toks.length;
}

/**
 * Parses Go expressions from a token array. Nodes: { k: 'str'|'num'|'id'|'sel'|'call'|'lit'|'func'|'unary'|'binary'|'type' }.
 */
export class Parser {
  constructor(toks) {
    this.toks = toks;
  }

  peek(o = 0, i = this.i) {
    return this.toks[i + o];
  }

  isOp(tok, v) {
    return tok !== undefined && tok.t === 'op' && tok.v === v;
  }

  /** Parses a type starting at `i`; returns { type, end }. Struct and func types are skipped over. */
  type(i) {
    const t = this.toks[i];
    if (!t) throw new Error('type expected');
    if (this.isOp(t, '*')) return this.type(i + 1);
    if (this.isOp(t, '[')) {
      let j = i + 1;
      while (j < this.toks.length && !this.isOp(this.toks[j], ']')) j++;
      const elem = this.type(j + 1);
      return { type: { k: 'slice', elem: elem.type }, end: elem.end };
    }
    if (t.t === 'id' && t.v === 'map') {
      const close = skipBalanced(this.toks, i + 1);
      const key = this.type(i + 2).type;
      const val = this.type(close);
      return { type: { k: 'map', key, elem: val.type }, end: val.end };
    }
    if (t.t === 'id' && (t.v === 'struct' || t.v === 'interface')) return { type: { k: t.v }, end: skipBalanced(this.toks, i + 1) };
    if (t.t === 'id' && t.v === 'func') {
      let j = skipBalanced(this.toks, i + 1);
      // result type: a parenthesised list or a single type, unless a body follows
      if (this.isOp(this.toks[j], '(')) j = skipBalanced(this.toks, j);
      else if (this.toks[j] && !this.isOp(this.toks[j], '{') && !this.isOp(this.toks[j], ',') && !this.isOp(this.toks[j], ')') && !this.isOp(this.toks[j], '}')) j = this.type(j).end;
      return { type: { k: 'functype' }, end: j };
    }
    if (t.t === 'id') {
      let j = i + 1;
      let name = t.v;
      while (this.isOp(this.toks[j], '.') && this.toks[j + 1]?.t === 'id') {
        name += `.${this.toks[j + 1].v}`;
        j += 2;
      }
      // generic instantiation: Type[Arg]
      return { type: { k: 'named', name }, end: j };
    }
    throw new Error(`type expected at ${t.v}`);
  }

  /** Parses an expression starting at `i`; returns { node, end }. */
  expr(i) {
    let left = this.unary(i);
    while (this.isOp(this.toks[left.end], '+') || this.isOp(this.toks[left.end], '==') || this.isOp(this.toks[left.end], '&&') || this.isOp(this.toks[left.end], '||') || this.isOp(this.toks[left.end], '!=')) {
      const op = this.toks[left.end].v;
      const right = this.unary(left.end + 1);
      left = { node: { k: 'binary', op, a: left.node, b: right.node }, end: right.end };
    }
    return left;
  }

  unary(i) {
    const t = this.toks[i];
    if (this.isOp(t, '&') || this.isOp(t, '-') || this.isOp(t, '!') || this.isOp(t, '*')) {
      const r = this.unary(i + 1);
      return { node: { k: 'unary', op: t.v, x: r.node }, end: r.end };
    }
    return this.postfix(i);
  }

  postfix(i) {
    let { node, end } = this.primary(i);
    for (;;) {
      const t = this.toks[end];
      if (this.isOp(t, '.') && this.toks[end + 1]?.t === 'id') {
        node = { k: 'sel', x: node, name: this.toks[end + 1].v };
        end += 2;
      } else if (this.isOp(t, '.') && this.isOp(this.toks[end + 1], '(')) {
        end = skipBalanced(this.toks, end + 1); // type assertion
      } else if (this.isOp(t, '(')) {
        const { items, end: e } = this.list(end + 1, ')');
        node = { k: 'call', fn: node, args: items.map((x) => x.value) };
        end = e;
      } else if (this.isOp(t, '{') && (node.k === 'id' || node.k === 'sel') && /^[A-Z]|\./.test(nameOf(node)) && this.compositeAllowed(node)) {
        const { items, end: e } = this.list(end + 1, '}');
        node = { k: 'lit', type: { k: 'named', name: nameOf(node) }, items };
        end = e;
      } else if (this.isOp(t, '[')) {
        end = skipBalanced(this.toks, end); // index or generic instantiation
      } else return { node, end };
    }
  }

  compositeAllowed(node) {
    const n = nameOf(node);
    return !['true', 'false', 'nil'].includes(n);
  }

  primary(i) {
    const t = this.toks[i];
    if (!t) throw new Error('expression expected');
    if (t.t === 'str') return { node: { k: 'str', v: t.v }, end: i + 1 };
    if (t.t === 'num') return { node: { k: 'num', v: t.v }, end: i + 1 };
    if (this.isOp(t, '(')) {
      const r = this.expr(i + 1);
      return { node: r.node, end: r.end + 1 };
    }
    if (this.isOp(t, '{')) {
      const { items, end } = this.list(i + 1, '}');
      return { node: { k: 'lit', type: null, items }, end };
    }
    if (this.isOp(t, '[') || (t.t === 'id' && (t.v === 'map' || t.v === 'struct'))) {
      const ty = this.type(i);
      if (this.isOp(this.toks[ty.end], '{')) {
        const { items, end } = this.list(ty.end + 1, '}');
        return { node: { k: 'lit', type: ty.type, items }, end };
      }
      return { node: { k: 'type', type: ty.type }, end: ty.end };
    }
    if (t.t === 'id' && t.v === 'func') {
      // func literal: params, result, body
      const paramsEnd = skipBalanced(this.toks, i + 1);
      const params = [];
      for (let k = i + 2; k < paramsEnd - 1; k++) {
        const p = this.toks[k];
        if (p.t === 'id' && (k === i + 2 || this.isOp(this.toks[k - 1], ','))) params.push(p.v);
      }
      let j = paramsEnd;
      if (this.isOp(this.toks[j], '(')) j = skipBalanced(this.toks, j);
      else if (!this.isOp(this.toks[j], '{')) j = this.type(j).end;
      const bodyEnd = skipBalanced(this.toks, j);
      return { node: { k: 'func', params, body: [j + 1, bodyEnd - 1] }, end: bodyEnd };
    }
    if (t.t === 'id') return { node: { k: 'id', v: t.v }, end: i + 1 };
    throw new Error(`unexpected ${t.v}`);
  }

  /** Parses `key: value` or `value` items up to the closing `close`; returns items and the index past it. */
  list(i, close) {
    const items = [];
    let j = i;
    while (j < this.toks.length && !this.isOp(this.toks[j], close)) {
      const first = this.expr(j);
      let item;
      if (this.isOp(this.toks[first.end], ':')) {
        const v = this.expr(first.end + 1);
        item = { key: first.node, value: v.node };
        j = v.end;
      } else {
        item = { key: null, value: first.node };
        j = first.end;
      }
      if (this.isOp(this.toks[j], '...')) j++;
      items.push(item);
      if (this.isOp(this.toks[j], ',')) j++;
      else if (!this.isOp(this.toks[j], close)) throw new Error(`',' or '${close}' expected, got ${this.toks[j]?.v}`);
    }
    return { items, end: j + 1 };
  }
}

export function nameOf(node) {
  if (node.k === 'id') return node.v;
  if (node.k === 'sel') return `${nameOf(node.x)}.${node.name}`;
  return '';
}

/**
 * Collects the assignments in `toks[from, to)`: `name = expr`, `name := expr` and `var name T = expr`.
 * Returns a Map name -> node (a later assignment replaces an earlier one).
 */
export function assignments(parser, from, to, into = new Map()) {
  for (const a of orderedAssignments(parser, from, to)) into.set(a.name, a.node);
  return into;
}

/**
 * The assignments in `toks[from, to)` in source order: [{ name, node, at }], `at` being the
 * index of the name's token. With `tuples`, `a, b := expr` is read too, as an assignment of
 * `expr` to `a` (the first result of a call, which is what a test's expectation helper returns
 * first).
 */
export function orderedAssignments(parser, from, to, { tuples = false } = {}) {
  const toks = parser.toks;
  const out = [];
  for (let i = from; i < to; i++) {
    const t = toks[i];
    if (t.t !== 'id') continue;
    const prev = toks[i - 1];
    // the start of a statement or spec: after `{`, `;`, `(` of a var block, `var`, or a new line
    const prevOk = !prev || t.nl || (prev.t === 'op' && ['{', '(', ';'].includes(prev.v)) || (prev.t === 'id' && prev.v === 'var');
    if (!prevOk) continue;
    let op = toks[i + 1];
    let valueAt = i + 2;
    if (tuples && op?.t === 'op' && op.v === ',') {
      let j = i + 1;
      while (toks[j]?.t === 'op' && toks[j].v === ',' && toks[j + 1]?.t === 'id') j += 2;
      op = toks[j];
      valueAt = j + 1;
    }
    if (!op || op.t !== 'op' || (op.v !== '=' && op.v !== ':=')) continue;
    try {
      const r = parser.expr(valueAt);
      out.push({ name: t.v, node: r.node, at: i });
      i = r.end - 1;
    } catch {
      // not an expression this reader understands
    }
  }
  return out;
}

/** The top-level `func Name(...) { ... }` declarations: name and body token range. */
export function functions(toks) {
  const out = [];
  for (let i = 0; i < toks.length; i++) {
    if (toks[i].t === 'id' && toks[i].v === 'func' && toks[i + 1]?.t === 'id' && toks[i + 2]?.v === '(') {
      let j = skipBalanced(toks, i + 2);
      while (j < toks.length && !(toks[j].t === 'op' && toks[j].v === '{')) j++;
      const end = skipBalanced(toks, j);
      out.push({ name: toks[i + 1].v, body: [j + 1, end - 1] });
      i = end - 1;
    }
  }
  return out;
}

export { skipBalanced };

/** Evaluates a parsed node to a plain value; `env` maps names to nodes (or to values, via `vals`). */
export class Evaluator {
  constructor(parser, env) {
    this.parser = parser;
    this.env = env; // name -> { node, parser }
    this.memo = new Map();
  }

  lookup(name, scope) {
    if (scope && scope.has(name)) return { v: scope.get(name) };
    if (this.memo.has(name)) return { v: this.memo.get(name) };
    const def = this.env.get(name);
    if (!def) return undefined;
    this.memo.set(name, { sym: name }); // a cycle reads as a symbol
    const v = new Evaluator(def.parser, this.env).evalWithMemo(def.node, this.memo);
    this.memo.set(name, v);
    return { v };
  }

  evalWithMemo(node, memo) {
    this.memo = memo;
    return this.eval(node);
  }

  eval(node, scope) {
    switch (node.k) {
      case 'str':
        return node.v;
      case 'num':
        return node.v;
      case 'id': {
        if (node.v === 'true') return true;
        if (node.v === 'false') return false;
        if (node.v === 'nil') return null;
        const found = this.lookup(node.v, scope);
        return found ? found.v : { sym: node.v };
      }
      case 'sel': {
        const x = node.x.k === 'id' && !scope?.has(node.x.v) && !this.env.has(node.x.v) ? null : this.eval(node.x, scope);
        if (x && typeof x === 'object' && !Array.isArray(x) && !('sym' in x)) return x[node.name] ?? null;
        return { sym: nameOf(node) };
      }
      case 'unary': {
        const x = this.eval(node.x, scope);
        if (node.op === '!') return !x;
        if (node.op === '-') return `-${x}`;
        return x;
      }
      case 'binary': {
        const a = this.eval(node.a, scope);
        const b = this.eval(node.b, scope);
        if (node.op === '+') return typeof a === 'string' && typeof b === 'string' ? a + b : { sym: '+' };
        if (node.op === '==') return a === b;
        if (node.op === '!=') return a !== b;
        if (node.op === '&&') return a === true && b === true;
        return a === true || b === true;
      }
      case 'type':
        return { sym: 'type' };
      case 'func':
        return { func: node, parser: this.parser, scope };
      case 'lit':
        return this.literal(node, scope);
      case 'call':
        return this.call(node, scope);
      default:
        return { sym: node.k };
    }
  }

  literal(node, scope) {
    const ty = node.type;
    const keyedById = node.items.length > 0 && node.items.every((it) => it.key && it.key.k === 'id');
    const isMap = ty?.k === 'map' || (node.items.length > 0 && node.items.every((it) => it.key && it.key.k !== 'id'));
    if (ty?.k === 'slice' || (!isMap && !keyedById && (ty === null || ty.k === 'named'))) {
      if (ty?.k !== 'slice' && node.items.length === 0) return ty === null ? [] : {};
      return node.items.map((it) => this.eval(it.value, scope));
    }
    const o = {};
    for (const it of node.items) {
      const key = it.key.k === 'id' && !isMap ? it.key.v : String(this.eval(it.key, scope)?.sym ?? this.eval(it.key, scope));
      o[key] = this.eval(it.value, scope);
    }
    return o;
  }

  call(node, scope) {
    const fname = nameOf(node.fn);
    const args = node.args.map((a) => this.eval(a, scope));
    if (fname === 'filepath.Join' || fname === 'path.Join') return args.map(String).join('/');
    if (fname === 'slices.Clone' || fname === 'lo.ToPtr' || fname === 'lo.Must') return args[0];
    if (fname === 'append') return [...(Array.isArray(args[0]) ? args[0] : []), ...args.slice(1).flatMap((a) => (Array.isArray(a) ? a : [a]))];
    if (fname === 'slices.Concat') return args.flatMap((a) => (Array.isArray(a) ? a : []));
    if (fname === 'slices.DeleteFunc' || fname === 'lo.Filter' || fname === 'lo.Reject') {
      const list = Array.isArray(args[0]) ? args[0] : [];
      const f = args[1];
      const test = (el, idx) => this.apply(f, [el, idx]) === true;
      return fname === 'lo.Filter' ? list.filter(test) : list.filter((el, idx) => !test(el, idx));
    }
    if (fname === 'fmt.Sprintf') {
      let k = 1;
      return String(args[0]).replace(/%[sdvq]/g, () => String(args[k++]));
    }
    const fn = node.fn.k === 'func' ? this.eval(node.fn, scope) : this.lookup(fname, scope)?.v;
    if (fn && fn.func) return this.apply(fn, args);
    return { sym: `${fname}()`, args };
  }

  /** Applies a function literal: binds its parameters and evaluates its first top-level `return`. */
  apply(fn, args) {
    if (!fn || !fn.func) return { sym: 'call' };
    const { func, parser } = fn;
    const scope = new Map(fn.scope ?? []);
    func.params.forEach((p, i) => scope.set(p, args[i]));
    const [from, to] = func.body;
    const i = topLevelReturn(parser.toks, from, to);
    if (i < 0) return { sym: 'noreturn' };
    const ev = new Evaluator(parser, this.env);
    ev.memo = this.memo;
    try {
      return ev.eval(parser.expr(i + 1).node, scope);
    } catch {
      return { sym: 'return' };
    }
  }
}

/** The token index of the first `return` of a function body's [from, to) outside any bracket, or -1. */
export function topLevelReturn(toks, from, to) {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const t = toks[i];
    if (t.t === 'op' && (t.v === '{' || t.v === '(' || t.v === '[')) depth++;
    else if (t.t === 'op' && (t.v === '}' || t.v === ')' || t.v === ']')) depth--;
    else if (depth === 0 && t.t === 'id' && t.v === 'return') return i;
  }
  return -1;
}
