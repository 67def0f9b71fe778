// Runs the original tutorial's program in TensorFlow.js (CPU backend, float32), with the one line it
// leaves out (model.compile), and prints what it logs as JSON: the file sgd_lib/tfjs_original_log.json
// that notebook 04 reads, and that tests/test_tfjs_original_log.py regenerates and compares.
//
//   node tests/tfjs/original.js > sgd_lib/tfjs_original_log.json     (after `make tfjs`)
//
// TF.js draws the starting weight and shuffles the samples with generators seeded from Math.random. The
// original does not seed it, so every run of it logs other numbers. Here Math.random is a seeded
// generator (mulberry32, seed 0), so the same program logs the same numbers every time; TF.js still draws
// its own start and its own shuffles, and the script records each epoch's order of the samples (fit
// shuffles them with tf.util.shuffle, which is wrapped here to copy the result). Numbers are written as
// JavaScript writes them (String(number)).
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const tfl = require('@tensorflow/tfjs-layers');
const {seeded} = require('./seeded');

const RANDOM_SEED = 0;

async function main() {
  Math.random = seeded(RANDOM_SEED);
  await tf.setBackend('cpu');

  // The original, line by line (xs.square() is tf.square(xs): the chained form needs the union package
  // @tensorflow/tfjs, which registers it; these tests install its parts: core, the CPU backend and layers).
  const xs = tf.range(1, 100, 1);
  const ys = tf.square(xs);
  const model = tfl.sequential(); // tf.sequential in the union package
  model.add(tfl.layers.dense({units: 1, inputShape: [1]}));
  const optimizer = tf.train.sgd(0.1);
  model.compile({optimizer, loss: 'meanSquaredError'}); // the line the original leaves out

  const [kernel, bias] = model.getWeights().map((weight) => weight.dataSync()[0]); // the start TF.js drew
  const shuffles = []; // the order of the samples in each epoch, as fit shuffled them
  const shuffle = tf.util.shuffle;
  tf.util.shuffle = (array) => { shuffle(array); shuffles.push(Array.from(array)); };
  const log = [];
  const batchLoss = [];
  let batches = [];
  await model.fit(xs, ys, {
    epochs: 100,
    verbose: 0,
    callbacks: {
      onBatchEnd: async (batch, logs) => { batches.push(String(logs.loss)); },
      onEpochEnd: async (epoch, logs) => {
        log.push(`Epoch ${epoch}: loss = ${logs.loss}`); // the original's console.log line
        batchLoss.push(batches);
        batches = [];
      },
    },
  });
  const result = {
    tfjs: tf.version_core,
    backend: tf.getBackend(),
    randomSeed: RANDOM_SEED,
    start: {weight: String(kernel), bias: String(bias)},
    log,
    batchLoss,
    shuffles,
  };
  // One key a line, one epoch a line: a file whose diff reads.
  const lines = Object.entries(result).map(([key, value]) => `${JSON.stringify(key)}: ` + (Array.isArray(value)
    ? `[\n${value.map((item) => `  ${JSON.stringify(item)}`).join(',\n')}\n]` : JSON.stringify(value)));
  process.stdout.write(`{\n${lines.join(',\n')}\n}\n`);
}

main().catch((error) => { console.error(error); process.exit(1); });
