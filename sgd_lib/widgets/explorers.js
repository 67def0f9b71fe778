// The five explorers, as the page computes them: for a setting of the controls (and an update of playback),
// the run, the data of every moving artist (in the order of the Python explorer's `_animated`), the limits of
// the axes that follow the curve, the look (which tiles and styles) and the status sentence. Each mirrors its
// Python explorer in sgd_lib/widgets/ (line.py, optimizer.py, method.py, momentum.py, training.py).
//
// An explorer here is { key(values), run(data, values), updates(run), frame(data, values, run, step, view) };
// `step` is the update shown (null: the end of the run); `view.window(slot)` gives the limits of the axes of
// artist `slot`, `view.loss` the index of the loss axes.

const NONE = [[], []];
const point = (w, b) => [[w], [b]];

function pairs(flat, indices) {
  const xs = [], ys = [];
  for (const i of indices) {
    xs.push(flat[2 * i]);
    ys.push(flat[2 * i + 1]);
  }
  return [xs, ys];
}

function range(count) {
  return Array.from({ length: count }, (_, i) => i);
}

function arrow(view, slot, start, end) {
  const placed = placeArrow(view.window(slot), start, end);
  return placed === null ? NONE : [[placed[0][0], placed[1][0]], [placed[0][1], placed[1][1]]];
}

// --- LineExplorer -------------------------------------------------------------------------------------------

const line = {
  key: (values) => values.join(","),
  run: () => null,
  updates: () => 0,
  frame(d, [w, b]) {
    const loss = lossAt(d.x, d.y, w, b);
    const status = `w = ${format(w, ".4g")}, b = ${format(b, ".4g")}: MSE = ${format(loss, ".4g")} `
      + `(the best line has MSE ${format(d.floor, ".4g")})`;
    return {
      look: "", limits: {}, status: say(status),
      artists: [[d.ends, d.ends.map((v) => w * v + b)], point(w, b), point(...d.optimum)],
    };
  },
};

// --- OptimizerExplorer, and the full-batch runs the method and momentum explorers share -------------------------

function fullBatch(d, rule, rate) {
  return fit({ x: d.x, y: d.y, start: d.start, rule: makeRule(rule), rate, epochs: d.steps, batchSize: d.y.length,
    orders: null, limit: d.lossLimit });
}

// "Diverged at step k: ..." or "Diverging: ...", or null for a run that converges (common.verdict).
function verdict(run, setting, rate, limit, final, why = "") {
  const tail = why ? ` ${why}` : "";
  if (run.diverged !== null) return say(`Diverged at step ${run.diverged}: ${setting}.${tail}`, true);
  if (rate > limit * (1 + 1e-6)) {
    return say(`Diverging: ${setting}; the loss grows from step to step (now ${format(final, ".3g")}).${tail}`, true);
  }
  return null;
}

// The step from which a run stays within 1% of the floor (common.settles).
function settles(losses, floor) {
  const near = (v) => v <= (floor > 0 ? floor * (1 + 0.01) : 1e-6 * losses[0]);
  const where = floor > 0 ? "within 1% of the floor" : "below a millionth of its start";
  let step = losses.length;
  while (step > 0 && near(losses[step - 1])) step -= 1;
  return step < losses.length ? `settles ${where} at step ${step}` : `does not yet settle ${where}`;
}

const finalLoss = (d, run) => lossAt(d.x, d.y, run.params[run.params.length - 2], run.params[run.params.length - 1]);

// The path, the loss and the step arrows after `step` of a full-batch run (OptimizerExplorer._frame); the end
// sentence comes from `describe`.
function pathFrame(d, run, step, view, rate, describe) {
  const frames = run.params.length / 2 - 1;
  const k = step === null || step >= frames ? frames : step;
  const playing = k < frames;
  const path = pairs(run.params, range(k + 1));
  const losses = run.loss.slice(0, k + 1);
  const shown = range(losses.length).filter((i) => Number.isFinite(losses[i]));
  let gradientStep = NONE, taken = NONE, status;
  if (!playing) status = describe();
  else {
    const [w, b] = [run.params[2 * k], run.params[2 * k + 1]];
    status = `${d.stepName} ${k} of ${frames}: loss ${format(lossAt(d.x, d.y, w, b), ".4g")} (floor ${format(d.floor, ".4g")})`;
    if (k === 0) status = say(`${status}, the start.`);
    else {
      const before = [run.params[2 * k - 2], run.params[2 * k - 1]];
      const plain = fullBatchStep(d.x, d.y, ...before, rate);
      const moved = [w - before[0], b - before[1]];
      taken = arrow(view, 4, before, [w, b]);
      gradientStep = arrow(view, 3, before, [before[0] + plain[0], before[1] + plain[1]]);
      status += `; this step moved (w, b) by (${format(moved[0], "+.3g")}, ${format(moved[1], "+.3g")})`;
      if (!moved.every((m, i) => Math.abs(m - plain[i]) <= 1e-9 * Math.abs(plain[i]))) {
        status += `, the learning rate times the gradient alone would move them by (${format(plain[0], "+.3g")}, `
          + `${format(plain[1], "+.3g")})`;
      }
      status = say(`${status}.`);
    }
  }
  const artists = [path, path, path, gradientStep, taken, playing ? point(path[0][k], path[1][k]) : NONE,
    [shown, shown.map((i) => losses[i])], [[0, d.steps], [d.floor, d.floor]], point(...d.optimum)];
  return { artists, status, limits: { [view.loss]: [0, d.steps, ...logLimits(run.loss, d.floor)] } };
}

// How the path goes along the steepest direction (OptimizerExplorer._manner, crossings, counted_steps).
function manner(d, run) {
  const along = [];
  for (let i = 0; i < run.params.length; i += 2) {
    const value = (run.params[i] - d.optimum[0]) * d.steepest[0] + (run.params[i + 1] - d.optimum[1]) * d.steepest[1];
    if (i < 4 || Number.isFinite(value)) along.push(value);
  }
  const [first, second] = along;
  if (first !== 0 && Math.abs(second) <= 1e-9 * Math.abs(first)) {
    return d.round ? "reaches the optimum in a single step" : "reaches the bottom of the steepest direction in a single step";
  }
  const finite = along.filter(Number.isFinite);
  let counted = 0, crossed = 0;
  if (finite.length && finite[0] !== 0) {
    const rounding = finite.findIndex((v) => !(Math.abs(v) > 1e-9 * Math.abs(finite[0])));
    counted = (rounding < 0 ? finite.length : rounding) - 1;
    for (let i = 1; i <= counted; i++) crossed += Math.sign(finite[i]) * Math.sign(finite[i - 1]) < 0;
  }
  if (crossed && crossed === counted) return "jumps across the optimum at every step";
  if (crossed) return `jumps across the optimum (${crossed} of ${counted} steps land on the other side)`;
  return "walks down the slope without overshooting";
}

const SGD = { rule: "sgd", momentum: 0, nesterov: false };

const optimizer = {
  key: (values) => values.join(","),
  run: (d, [rate]) => fullBatch(d, SGD, rate),
  updates: (run) => run.params.length / 2 - 1,
  frame(d, [rate], run, step, view) {
    const describe = () => {
      const ratio = `learning rate ${format(rate, ".3g")} = ${format(rate / d.limit, ".3g")} × the stability limit `
        + format(d.limit, ".3g");
      const final = finalLoss(d, run);
      const blown = verdict(run, ratio, rate, d.limit, final, "Each step overshoots more.");
      if (blown) return blown;
      if (Math.abs(rate - d.limit) <= 1e-8 + 1e-6 * Math.abs(d.limit)) {
        return say(`${ratio}: on the edge, the path jumps between two points and the loss stays at ${format(final, ".4g")}.`);
      }
      return say(`${ratio}: the path ${manner(d, run)}; after ${d.steps} steps the loss is ${format(final, ".4g")} `
        + `(floor ${format(d.floor, ".4g")}).`);
    };
    return { look: "", ...pathFrame(d, run, step, view, rate, describe) };
  },
};

// --- MethodExplorer -------------------------------------------------------------------------------------------

const method = {
  key: (values) => values.join(","),
  run: (d, [index, rate]) => fullBatch(d, d.methods[index], rate),
  updates: optimizer.updates,
  frame(d, [index, rate], run, step, view) {
    const m = d.methods[index];
    const describe = () => {
      const limit = m.limit === null ? Infinity : m.limit;
      const setting = `${m.name}, learning rate ${format(rate, ".3g")}`
        + (m.limit === null ? "" : ` (stable below ${format(limit, ".3g")})`);
      const final = finalLoss(d, run);
      const blown = verdict(run, setting, rate, limit, final);
      if (blown) return blown;
      const times = d.floor > 0 ? ` (${format(final / d.floor, ".3g")} × the floor)` : "";
      return say(`${setting}: loss ${format(final, ".4g")} after ${d.steps} steps${times}, ${settles(run.loss, d.floor)}.`);
    };
    return { look: String(index), ...pathFrame(d, run, step, view, rate, describe) };
  },
};

// --- MomentumExplorer -----------------------------------------------------------------------------------------

function motion(steps) {
  if (steps === 1) return "flips sign every step";
  return Number.isFinite(steps) ? `changes sign every ${format(steps, ".2g")} steps` : "does not oscillate";
}

// The factor per step and how the error oscillates across and along the valley (MomentumExplorer._dynamics).
function dynamics(d, rate, mu, nesterov) {
  const factors = d.curvatures.map((c) => spectralRadius(rate, mu, c, nesterov));
  const signs = d.curvatures.map((c) => stepsPerSignChange(rate, mu, c, nesterov));
  const factor = Math.max(...factors);
  const size = `The error ${factor < 1 ? "shrinks" : "grows"} × ${format(factor, ".3g")} per step`;
  if (d.round) return { factors, text: `${size} and ${motion(signs[0])}.` };
  let [across, along] = [motion(signs[signs.length - 1]), motion(signs[0])];
  if (across.startsWith("changes sign") && along.startsWith("changes sign")) along = along.slice("changes sign ".length);
  return { factors, text: `${size}; across the valley it ${across}, along it ${along}.` };
}

// The error along each eigenvector per step, and the predicted factor**k through each curve's highest point.
function directionPanels(d, run, factors) {
  const count = run.params.length / 2;
  const e0 = [run.params[0] - d.optimum[0], run.params[1] - d.optimum[1]];
  const start = Math.sqrt(e0[0] * e0[0] + e0[1] * e0[1]) || 1.0;
  const curves = [], predicted = [[], []];
  for (const column of [d.curvatures.length - 1, 0]) { // steep, then flat
    const e = range(count).map((i) => Math.abs((run.params[2 * i] - d.optimum[0]) * d.directions[0][column]
      + (run.params[2 * i + 1] - d.optimum[1]) * d.directions[1][column]) / start);
    const shown = range(count).filter((i) => Number.isFinite(e[i]) && e[i] > d.noise);
    curves.push([shown, shown.map((i) => e[i])]);
    const factor = factors[column];
    if (factor > 0 && shown.length) {
      const scale = Math.max(...shown.map((i) => e[i] / factor ** i));
      predicted[0].push(...range(count), NaN);
      predicted[1].push(...range(count).map((i) => scale * factor ** i), NaN);
    }
  }
  return [predicted, ...curves];
}

const momentum = {
  key: (values) => values.join(","),
  run: (d, [rate, mu, nesterov]) => fullBatch(d, { rule: "sgd", momentum: mu, nesterov }, rate),
  updates: optimizer.updates,
  frame(d, [rate, mu, nesterov], run, step, view) {
    const { factors, text } = dynamics(d, rate, mu, nesterov);
    const describe = () => {
      const limit = stabilityLimit(d.lambdaMax, mu, nesterov);
      const setting = `learning rate ${format(rate, ".3g")}, ${nesterov ? "Nesterov momentum" : "momentum"} `
        + `${format(mu, ".2f")} (stable below ${format(limit, ".3g")})`;
      const final = finalLoss(d, run);
      const blown = verdict(run, setting, rate, limit, final, text);
      if (blown) return blown;
      return say(`${setting}: loss ${format(final, ".4g")} after ${d.steps} steps, ${settles(run.loss, d.floor)}. ${text}`);
    };
    const frame = pathFrame(d, run, step, view, rate, describe);
    frame.artists.splice(-1, 0, point(rate, mu), ...directionPanels(d, run, factors)); // the optimum stays last
    const kind = mu === 0 ? "sgd" : nesterov ? "nesterov" : "momentum";
    return { look: `${kind}|${nesterov ? 1 : 0}`, ...frame };
  },
};

// --- TrainingExplorer -----------------------------------------------------------------------------------------

const PLAIN = makeRule(SGD);

const training = {
  key: (values) => values.join(","),
  run(d, [rate, epochs, batchSize]) {
    const run = fit({ x: d.x, y: d.y, start: d.start, rule: PLAIN, rate, epochs, batchSize, orders: d.orders,
      limit: d.lossLimit, record: true });
    run.perEpoch = Math.ceil(d.y.length / Math.min(batchSize, d.y.length));
    run.batchSize = Math.min(batchSize, d.y.length);
    return run;
  },
  updates: (run) => (run.diverged !== null ? run.path.length / 2 - 1 : run.loss.length * run.perEpoch),
  frame(d, values, run, step, view) {
    const frames = training.updates(run);
    const playing = step !== null && step < frames;
    const frame = playing ? during(d, values, run, step, view) : trainingEnd(d, values, run, view);
    const limits = frame.limits[view.loss];
    frame.artists[3] = [[0, limits[1]], [d.floor, d.floor]]; // the floor line spans the loss axis
    return { look: playing ? "play" : "end", ...frame };
  },
};

// The path of a training run's points: halos and dots only while there are few of them (_show_path).
const trainingPath = (path) => (path[0].length <= 120 ? [path, path, path] : [NONE, path, NONE]);

function trainingEnd(d, [rate, epochs, batchSize], run, view) {
  const shown = range(run.loss.length).filter((i) => Number.isFinite(run.loss[i]) && run.loss[i] > 0);
  const path = pairs(run.params, range(run.params.length / 2));
  const [w, b] = [run.params[run.params.length - 2], run.params[run.params.length - 1]];
  const diverged = run.diverged !== null;
  const setting = `learning rate ${format(rate, ".3g")}, ${epochs} epoch${epochs !== 1 ? "s" : ""}, batch size ${Math.min(batchSize, d.y.length)}`;
  const status = diverged ? say(`${setting}: ${divergenceMessage(run, d)}`, true)
    : say(`${setting}: last logged loss ${format(run.loss[run.loss.length - 1], ".4g")}, final parameters' loss `
      + `${format(lossAt(d.x, d.y, w, b), ".4g")} (floor ${format(d.floor, ".4g")}), line ${lineEquation(w, b, 3)}.`);
  const artists = [[shown, shown.map((i) => run.loss[i])], NONE, NONE, null,
    diverged ? NONE : [d.ends, d.ends.map((v) => w * v + b)], NONE, ...trainingPath(path), NONE, NONE, NONE,
    point(...d.optimum)];
  return { artists, status, limits: { [view.loss]: [0, niceCeiling(epochs), ...logLimits(run.loss, d.floor)] } };
}

// Loss-axis limits for the whole playback of a run: its loss on all the data and the batch losses above their
// lowest 5% (_playback_limits).
function playbackLimits(d, run) {
  if (!run.limits) {
    const full = thinned(run.path.length / 2, d.drawn).map((i) => lossAt(d.x, d.y, run.path[2 * i], run.path[2 * i + 1]));
    const batch = run.batchLoss.filter((v) => Number.isFinite(v) && v > 0);
    const low = batch.length ? percentile(batch, 5) : d.floor;
    run.limits = logLimits([...full, ...batch.filter((v) => v >= low)], d.floor);
  }
  return run.limits;
}

function during(d, [rate], run, step, view) {
  const per = run.perEpoch, frames = training.updates(run);
  const shown = thinned(step + 1, d.drawn);
  const full = shown.map((i) => lossAt(d.x, d.y, run.path[2 * i], run.path[2 * i + 1]));
  const dots = shown.filter((i) => i < step);
  const [w, b] = [run.path[2 * step], run.path[2 * step + 1]];
  const loss = lossAt(d.x, d.y, w, b);
  let status = `update ${step} of ${frames}`, batchPoints = NONE, batchStep = NONE, fullStep = NONE;
  if (step === 0) status = say(`${status}: the untrained line, loss ${format(loss, ".4g")} (floor ${format(d.floor, ".4g")}).`);
  else {
    const [epoch, batch] = [Math.floor((step - 1) / per), (step - 1) % per];
    const from = epoch * d.y.length + batch * run.batchSize;
    const index = Array.from(d.orders.subarray(from, Math.min(from + run.batchSize, (epoch + 1) * d.y.length)));
    batchPoints = [index.map((i) => d.x[i]), index.map((i) => d.y[i])];
    const before = [run.path[2 * step - 2], run.path[2 * step - 1]];
    const plain = fullBatchStep(d.x, d.y, ...before, rate);
    batchStep = arrow(view, 10, before, [w, b]);
    fullStep = arrow(view, 9, before, [before[0] + plain[0], before[1] + plain[1]]);
    const degrees = angle([w - before[0], b - before[1]], plain);
    status = say(`${status} (epoch ${epoch}, batch ${batch + 1} of ${per}, ${index.length} `
      + `sample${index.length !== 1 ? "s" : ""}): that batch's loss was ${format(run.batchLoss[step - 1], ".4g")}; `
      + `the new line's loss on all the data is ${format(loss, ".4g")} (floor ${format(d.floor, ".4g")}); the batch's `
      + `step points ${format(degrees, ".0f")}° away from the full batch's.`);
  }
  const finite = Number.isFinite(w) && Number.isFinite(b);
  const artists = [NONE, [dots.map((i) => i / per), dots.map((i) => run.batchLoss[i])],
    [shown.map((i) => i / per), full], null, finite ? [d.ends, d.ends.map((v) => w * v + b)] : NONE, batchPoints,
    ...trainingPath(pairs(run.path, shown)), fullStep, batchStep, point(w, b), point(...d.optimum)];
  const limits = [0, niceCeiling(Math.max(step / per, 1.0)), ...playbackLimits(d, run)];
  return { artists, status, limits: { [view.loss]: limits } };
}

const EXPLORERS = { line, optimizer, method, momentum, training };
