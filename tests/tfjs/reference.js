// Runs TensorFlow.js (CPU backend, float32) on the settings given as JSON on stdin, and prints what it
// logged as JSON: the reference that tests/test_tfjs_reference.py compares sgd_lib with.
//
// Input: {"runs": [{"name", "x", "y", "weight", "bias", "optimizer": [kind, ...the tf.train.<kind> arguments],
//          "epochs", "batchSize", "shuffle", "compile": true}], "randomSeed": int}
// Output: {"version", "runs": {name: {"loss": [...], "batchLoss": [[...], ...], "weight", "bias", "error"}},
//          "initialWeights": {fanIn: [...]}}: with "initialDraws": {fanIn: count}, the starting weights
//          of count fresh dense layers of one unit with fanIn inputs each, as TF.js draws them by default.
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const tfl = require('@tensorflow/tfjs-layers');

// TF.js shuffles with Math.random: a seeded generator (mulberry32) makes the shuffle repeatable.
const {seeded} = require('./seeded');

const number = (v) => (Number.isFinite(v) ? v : String(v)); // JSON has no Infinity or NaN

async function run(spec) {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({units: 1, inputShape: [1]}));
  const xs = tf.tensor1d(spec.x);  // 1-D, as the original passes it
  const ys = tf.tensor1d(spec.y);
  const result = {loss: [], batchLoss: []};
  if (spec.compile) {
    const [kind, ...settings] = spec.optimizer;
    const optimizer = {
      sgd: () => tf.train.sgd(...settings),
      momentum: () => tf.train.momentum(...settings),
      adagrad: () => tf.train.adagrad(...settings),
      rmsprop: () => tf.train.rmsprop(...settings),
      adam: () => tf.train.adam(...settings),
    }[kind]();
    model.compile({optimizer, loss: 'meanSquaredError'});
    model.setWeights([tf.tensor2d([[spec.weight]]), tf.tensor1d([spec.bias])]);
  }
  try {
    let batches = [];
    await model.fit(xs, ys, {
      epochs: spec.epochs, batchSize: spec.batchSize, shuffle: spec.shuffle, verbose: 0,
      callbacks: {
        onBatchEnd: async (batch, log) => { batches.push(number(log.loss)); },
        onEpochEnd: async (epoch, log) => {
          result.loss.push(number(log.loss));
          result.batchLoss.push(batches);
          batches = [];
        },
      },
    });
  } catch (error) {
    result.error = error.message;
  }
  const [kernel, bias] = model.getWeights();
  result.weight = number(kernel.dataSync()[0]);
  result.bias = number(bias.dataSync()[0]);
  return result;
}

function initialWeights(fanIn, count) {
  const weights = [];
  for (let i = 0; i < count; i++) {
    const layer = tfl.layers.dense({units: 1, inputShape: [fanIn]});
    layer.build([null, fanIn]);
    weights.push(...layer.getWeights()[0].dataSync());
  }
  return weights;
}

async function main() {
  const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  Math.random = seeded(input.randomSeed || 0);
  await tf.setBackend('cpu');
  const runs = {};
  for (const spec of input.runs) runs[spec.name] = await run(spec);
  const initial = {};
  for (const [fanIn, count] of Object.entries(input.initialDraws || {})) initial[fanIn] = initialWeights(Number(fanIn), count);
  process.stdout.write(JSON.stringify({version: tf.version_core, backend: tf.getBackend(), runs, initialWeights: initial}));
}

main().catch((error) => { console.error(error); process.exit(1); });
