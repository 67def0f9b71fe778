// The numbers of sgd_lib, in the page: Python's number formats, the MSE and its gradient (sgd_lib.losses),
// the optimizers' rules (sgd_lib.optimizers), fit's loop for one feature with its divergence test and its
// message (sgd_lib.training), the momentum dynamics (sgd_lib.dynamics), and the explorers' axis limits and
// ticks (sgd_lib/widgets/common.py). Each function mirrors its Python original, step by step; the browser
// test checks the explorers drawn from them against sgd_lib (tests/test_browser.py).

// --- Python's format specs: ".4g", "+.3g", ".2f", "g" ------------------------------------------------------

function stripZeros(text) {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

function formatG(value, precision) {
  const p = precision === 0 ? 1 : precision;
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const exponential = value.toExponential(p - 1); // rounded to p digits: its exponent decides the form
  const exponent = Number(exponential.slice(exponential.indexOf("e") + 1));
  if (exponent >= -4 && exponent < p) return stripZeros(value.toFixed(p - 1 - exponent));
  const mantissa = stripZeros(exponential.slice(0, exponential.indexOf("e")));
  return `${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

// format(0.06128, ".4g") is Python's f"{0.06128:.4g}": "0.06128".
function format(value, spec) {
  const [, plus, digits, kind] = /^(\+)?(?:\.(\d+))?([gf])$/.exec(spec);
  let text;
  if (Number.isNaN(value)) text = "nan";
  else if (!Number.isFinite(value)) text = value > 0 ? "inf" : "-inf";
  else if (kind === "f") text = value.toFixed(digits === undefined ? 6 : Number(digits));
  else text = formatG(value, digits === undefined ? 6 : Number(digits));
  return plus && !text.startsWith("-") ? `+${text}` : text;
}

// Python's str() of a float that is not finite.
function pythonFloat(value) {
  return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}

// The status line as the explorers write it (common.say): escaped, bold red for a run that went wrong.
function say(text, bad = false) {
  const escaped = escapeHtml(text);
  return bad ? `<b><span class='bad'>${escaped}</span></b>` : escaped;
}

// --- the loss, its gradient, and one step of each optimizer --------------------------------------------------

// The MSE of the line w x + b on (x, y) (losses.mse_rows).
function lossAt(x, y, w, b) {
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const error = x[i] * w + b - y[i];
    sum += error * error;
  }
  return sum / y.length;
}

// Loss and gradient on the rows order[from..to) (losses.mse_loss_and_gradient).
function lossAndGradient(x, y, order, from, to, w, b) {
  let squares = 0, products = 0, errors = 0;
  for (let k = from; k < to; k++) {
    const i = order === null ? k : order[k];
    const error = x[i] * w + b - y[i];
    squares += error * error;
    products += x[i] * error;
    errors += error;
  }
  const n = to - from;
  return [squares / n, (2 / n) * products, (2 * errors) / n];
}

// The rule of an optimizer (optimizers.py: each class's _rule): its slots before the first update, and one
// update (t, rate, gradient [gw, gb], slots) -> [change, new slots]; the parameters become params - change.
function makeRule(spec) {
  const map = (f, ...arrays) => arrays[0].map((_, i) => f(...arrays.map((a) => a[i])));
  if (spec.rule === "sgd") {
    const mu = spec.momentum;
    return {
      start: () => [[0, 0]],
      step(t, rate, g, [velocity]) {
        if (mu === 0) return [g.map((gi) => rate * gi), [velocity]];
        const v = map((vi, gi) => mu * vi + gi, velocity, g);
        const change = spec.nesterov ? map((gi, vi) => rate * (gi + mu * vi), g, v) : v.map((vi) => rate * vi);
        return [change, [v]];
      },
    };
  }
  if (spec.rule === "adagrad") {
    return {
      start: () => [[spec.initial, spec.initial]],
      step(t, rate, g, [accumulator]) {
        const a = map((ai, gi) => ai + gi * gi, accumulator, g);
        return [map((gi, ai) => rate * (gi / Math.sqrt(ai + spec.epsilon)), g, a), [a]];
      },
    };
  }
  if (spec.rule === "rmsprop") {
    return {
      start: () => [[0, 0], [0, 0]],
      step(t, rate, g, [meanSquare, moment]) {
        const s = map((si, gi) => si * spec.decay + gi * gi * (1 - spec.decay), meanSquare, g);
        const m = map((mi, gi, si) => mi * spec.momentum + (gi * rate) / Math.sqrt(si + spec.epsilon), moment, g, s);
        return [m, [s, m]];
      },
    };
  }
  return { // Adam
    start: () => [[0, 0], [0, 0]],
    step(t, rate, g, [first, second]) {
      const m = map((mi, gi) => mi * spec.beta1 + gi * (1 - spec.beta1), first, g);
      const v = map((vi, gi) => vi * spec.beta2 + gi * gi * (1 - spec.beta2), second, g);
      const change = map((mi, vi) => {
        const corrected = mi / (1 - spec.beta1 ** (t + 1));
        return rate * (corrected / (Math.sqrt(vi / (1 - spec.beta2 ** (t + 1))) + spec.epsilon));
      }, m, v);
      return [change, [m, v]];
    },
  };
}

// The change of (w, b) one step of plain gradient descent on all the data makes (common.full_batch_step).
function fullBatchStep(x, y, w, b, rate) {
  const [, gw, gb] = lossAndGradient(x, y, null, 0, y.length, w, b);
  if (![gw, gb, w, b].every(Number.isFinite)) return [NaN, NaN];
  return [(w - rate * gw) - w, (b - rate * gb) - b];
}

// --- fit, for one feature -------------------------------------------------------------------------------------

// The batch sizes of an epoch (data.batch_sizes): full batches, then the rest.
function batchSizes(n, batchSize) {
  const size = Math.min(batchSize, n);
  const sizes = new Array(Math.floor(n / size)).fill(size);
  if (n % size) sizes.push(n % size);
  return sizes;
}

// fit(model, x, y, optimizer, epochs=, batch_size=, seed=) of sgd_lib, with its Ledger: each batch's loss
// before its update, a loss beyond `limit` (or NaN) stops the run as diverged before that update, the epoch's
// logged loss is the size-weighted mean of its batch losses, and a final loss beyond the limit is divergence
// too. `orders` holds every epoch's order of the samples (null: in order, no shuffle). With `record`, the
// parameters after every update and each batch's loss are kept (History.update_params, batch_loss).
function fit({ x, y, start, rule, rate, epochs, batchSize, orders, limit, record = false }) {
  const n = y.length, sizes = batchSizes(n, batchSize);
  let [w, b] = start, slots = rule.start(), t = 0, bad = null, diverged = null;
  const loss = [], params = [w, b], path = record ? [w, b] : null, batchLoss = record ? [] : null;
  for (let epoch = 0; epoch < epochs && diverged === null; epoch++) {
    const order = orders === null ? null : orders.subarray(epoch * n, (epoch + 1) * n);
    let total = 0, seen = 0, from = 0;
    for (const size of sizes) {
      const [batch, gw, gb] = lossAndGradient(x, y, order, from, from + size, w, b);
      from += size;
      total += batch * size;
      seen += size;
      if (!(batch <= limit)) { // stop before this batch's update
        diverged = epoch;
        bad = batch;
        break;
      }
      const [change, next] = rule.step(t, rate, [gw, gb], slots);
      [slots, t, w, b] = [next, t + 1, w - change[0], b - change[1]];
      if (record) {
        path.push(w, b);
        batchLoss.push(batch);
      }
    }
    loss.push(total / seen);
    params.push(w, b);
  }
  let which = "batch loss";
  const end = lossAt(x, y, w, b);
  if (diverged === null && !(end <= limit)) [diverged, bad, which] = [loss.length - 1, end, "loss of the final parameters"];
  return { loss, params, path, batchLoss, diverged, bad, which, rate };
}

// A large ratio as a reader writes it (training/divergence.py: _plain): "1e8", "3.5e9", "250".
function plainRatio(ratio) {
  const text = format(ratio, ".3g");
  if (!text.includes("e")) return text;
  const [mantissa, exponent] = text.split("e");
  return `${mantissa}e${Number(exponent)}`;
}

// training/divergence.py's divergence_message, for plain SGD: what blew up, the rate, its limit, what to do.
function divergenceMessage(run, data) {
  let what = run.which === "batch loss" ? `a ${run.which}` : `the ${run.which}`;
  if (!Number.isFinite(run.bad)) what += ` became ${pythonFloat(run.bad)}`;
  else {
    what += ` reached ${format(run.bad, ".3g")}`;
    if (data.startLoss > 0 && run.bad > data.lossLimit) {
      what += `, over ${plainRatio(data.lossLimit / data.startLoss)} times the starting loss`;
    }
  }
  const limit = data.plainLimit === null ? "has a stability limit too small to compute for this data"
    : `is stable only below ${format(data.plainLimit, ".3g")}`;
  const advice = data.stretched ? "lower the learning rate or standardize the data" : "lower the learning rate";
  return `Training diverged in epoch ${run.diverged}: ${what}. The learning rate ${format(run.rate, ".3g")} is too `
    + `large for this data (full-batch gradient descent ${limit}); ${advice}.`;
}

// --- momentum on a quadratic bowl, one eigendirection at a time (sgd_lib.dynamics) ------------------------------

function traceAndDeterminant(rate, mu, curvature, nesterov) {
  const step = rate * curvature;
  return nesterov ? [(1 + mu) * (1 - step), mu * (1 - step)] : [1 + mu - step, mu + 0 * step];
}

// The error's factor per step along a direction in the long run (dynamics.spectral_radius).
function spectralRadius(rate, mu, curvature, nesterov) {
  const [trace, det] = traceAndDeterminant(rate, mu, curvature, nesterov);
  const discriminant = trace * trace - 4 * det;
  const factor = discriminant < 0 ? Math.sqrt(Math.abs(det)) : (Math.abs(trace) + Math.sqrt(Math.abs(discriminant))) / 2;
  return Number.isNaN(factor) ? Infinity : factor;
}

// How often the error along a direction changes sign: pi / the angle of the larger root (dynamics).
function stepsPerSignChange(rate, mu, curvature, nesterov) {
  const [trace, det] = traceAndDeterminant(rate, mu, curvature, nesterov);
  const discriminant = trace * trace - 4 * det;
  const root = Math.sqrt(Math.abs(discriminant));
  const [real, imaginary] = discriminant < 0 ? [trace / 2, (trace >= 0 ? root : -root) / 2]
    : [(trace >= 0 ? trace + root : trace - root) / 2, 0];
  const angle = Math.abs(Math.atan2(imaginary, real));
  return angle > 0 ? Math.PI / Math.max(angle, 1e-300) : Infinity;
}

// The largest stable learning rate of full-batch descent with momentum mu (evaluation.stability_limit).
function stabilityLimit(lambdaMax, mu, nesterov) {
  return nesterov ? (2.0 * (1.0 + mu)) / ((1.0 + 2.0 * mu) * lambdaMax) : (2.0 * (1.0 + mu)) / lambdaMax;
}

// --- the explorers' axes (common.py) ------------------------------------------------------------------------

// digit times ten to the exponent, as the decimal "2e-5" reads (common.decimal).
function decimal(digit, exponent) {
  return Number(`${digit}e${exponent}`);
}

function round125(value, down) {
  const exponent = Math.floor(Math.log10(value));
  const steps = [];
  for (const e of [exponent - 1, exponent, exponent + 1]) for (const m of [1, 2, 5]) steps.push(decimal(m, e));
  return down ? Math.max(...steps.filter((v) => v <= value)) : Math.min(...steps.filter((v) => v >= value));
}

// Log-axis limits around the finite positive values and the floor, rounded to 1-2-5 steps (common.log_limits).
function logLimits(values, floor) {
  const known = [];
  let low = Infinity, high = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v) && v > 0) [low, high] = [Math.min(low, v), Math.max(high, v)];
  }
  if (low <= high) known.push(low, high);
  if (floor > 0) known.push(floor);
  if (!known.length) return [0.1, 1.0];
  return [round125(Math.min(...known) / 1.15, true), round125(Math.max(...known) * 1.3, false)];
}

// The major and minor ticks of a log axis from low to high (common.log_ticks).
function logTicks(low, high) {
  const decades = Math.log10(high / low);
  const first = Math.floor(Math.log10(low)) - 1, last = Math.ceil(Math.log10(high)) + 1;
  const stride = decades <= 8 ? 1 : Math.ceil(decades / 6);
  const majorDigits = decades <= 3 ? [1, 2, 5] : [1];
  const minorDigits = decades > 8 ? [] : [2, 3, 4, 5, 6, 7, 8, 9].filter((d) => !majorDigits.includes(d));
  const inside = (v) => low * (1 - 1e-9) <= v && v <= high * (1 + 1e-9);
  const majors = [], minors = [];
  for (let e = first; e <= last; e++) {
    if (e % stride === 0) for (const d of majorDigits) majors.push(decimal(d, e));
    for (const d of minorDigits) minors.push(decimal(d, e));
  }
  return [majors.filter(inside), minors.filter(inside)];
}

// The smallest of 1, 2, 5, 10, 20, 50, ... that is >= value (common.nice_ceiling).
function niceCeiling(value) {
  for (let magnitude = 1; magnitude <= 1e6; magnitude *= 10) {
    for (const step of [1, 2, 5]) if (step * magnitude >= value) return step * magnitude;
  }
  return value;
}

// A step arrow from start towards end, cut where it leaves the window [x0, x1, y0, y1] (common.place_arrow);
// null when it starts outside (hidden).
function placeArrow([x0, x1, y0, y1], start, end) {
  [x0, x1] = [Math.min(x0, x1), Math.max(x0, x1)];
  [y0, y1] = [Math.min(y0, y1), Math.max(y0, y1)];
  const delta = [end[0] - start[0], end[1] - start[1]];
  const inside = [...start, ...delta].every(Number.isFinite) && x0 <= start[0] && start[0] <= x1
    && y0 <= start[1] && start[1] <= y1;
  if (!inside) return null;
  let reach = 1.0;
  for (const [position, step, low, high] of [[start[0], delta[0], x0, x1], [start[1], delta[1], y0, y1]]) {
    if (step > 0) reach = Math.min(reach, (high - position) / step);
    else if (step < 0) reach = Math.min(reach, (low - position) / step);
  }
  return [start, [start[0] + reach * delta[0], start[1] + reach * delta[1]]];
}

// --- small helpers of the training explorer (training.py) --------------------------------------------------------

// NumPy's round: half to even.
function roundHalfEven(value) {
  const rounded = Math.round(value);
  return Math.abs(value % 1) === 0.5 && rounded % 2 !== 0 ? rounded - 1 : rounded;
}

// Indices 0 .. count - 1, at most `drawn` of them, evenly spread, the last one always (_thinned).
function thinned(count, drawn) {
  if (count <= drawn) return Array.from({ length: count }, (_, i) => i);
  const step = (count - 1) / (drawn - 1), picked = new Set();
  for (let i = 0; i < drawn - 1; i++) picked.add(roundHalfEven(i * step));
  picked.add(count - 1);
  return [...picked].sort((a, b) => a - b);
}

// NumPy's percentile (linear), q in percent.
function percentile(values, q) {
  const sorted = Float64Array.from(values).sort();
  const position = (sorted.length - 1) * (q / 100);
  const below = Math.floor(position), above = Math.min(below + 1, sorted.length - 1);
  const t = position - below, difference = sorted[above] - sorted[below];
  return t >= 0.5 ? sorted[above] - difference * (1 - t) : sorted[below] + difference * t;
}

// The angle between two vectors in degrees, 0 when either is zero (training.py: _angle).
function angle(a, b) {
  const norms = Math.sqrt(a[0] * a[0] + a[1] * a[1]) * Math.sqrt(b[0] * b[0] + b[1] * b[1]);
  if (!Number.isFinite(norms) || norms === 0) return 0;
  const cosine = Math.min(1, Math.max(-1, (a[0] * b[0] + a[1] * b[1]) / norms));
  return Math.acos(cosine) * (180 / Math.PI);
}

// "y = 2.5·x − 1" (plotting.line_equation).
function lineEquation(w, b, digits) {
  if (Math.abs(b) < 1e-12 * Math.max(1, Math.abs(w))) b = 0;
  return `y = ${format(w, `.${digits}g`)}·x ${b >= 0 ? "+" : "\u2212"} ${format(Math.abs(b), `.${digits}g`)}`;
}
