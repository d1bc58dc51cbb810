// Runs an ONNX model with onnxruntime-node (CPU execution provider) on inputs in Provenant's named
// tensor JSON form ({"name": {"dtype", "shape", "data"}}, docs/inference.md) and writes the outputs in
// the same form. With --iterations N it also times N runs after --warmup W runs and prints
// {"p50_ms", "mean_ms", "min_ms", "iterations", "threads"} on stdout.
//
//   node run.mjs MODEL.onnx INPUTS.json OUTPUTS.json [--threads N] [--warmup W] [--iterations N]
//
// Install once: npm ci --ignore-scripts   (onnxruntime-node 1.30.0 ships its CPU binaries in the package)
import { readFileSync, writeFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  args.splice(i, 2);
  return v;
};
const threads = option('--threads', 1);
const warmup = option('--warmup', 0);
const iterations = option('--iterations', 0);
if (args.length !== 3) {
  console.error('usage: node run.mjs MODEL.onnx INPUTS.json OUTPUTS.json [--threads N] [--warmup W] [--iterations N]');
  process.exit(2);
}
const [modelPath, inputPath, outputPath] = args;

const arrays = {
  float32: Float32Array, float64: Float64Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array,
  uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array,
  bool: Uint8Array,
};
const ortType = { float64: 'float64', bool: 'bool' };
const toNumber = (v) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);

const feeds = {};
for (const [name, t] of Object.entries(JSON.parse(readFileSync(inputPath, 'utf8')))) {
  const Ctor = arrays[t.dtype];
  if (!Ctor) throw new Error(`unsupported dtype ${t.dtype} for input ${name}`);
  const values = t.data.flat(Infinity).map(toNumber);
  const data = t.dtype.endsWith('int64') ? Ctor.from(values.map((v) => BigInt(v))) : Ctor.from(values.map(Number));
  feeds[name] = new ort.Tensor(ortType[t.dtype] ?? t.dtype, data, t.shape);
}

const session = await ort.InferenceSession.create(modelPath, {
  executionProviders: ['cpu'],
  intraOpNumThreads: threads,
  interOpNumThreads: 1,
  executionMode: 'sequential',
});
let results = await session.run(feeds);

const out = {};
for (const name of session.outputNames) {
  const t = results[name];
  const data = Array.from(t.data, (v) => (typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? v : Number.isFinite(v) ? v : String(v)));
  out[name] = { dtype: t.type === 'float' ? 'float32' : t.type === 'double' ? 'float64' : t.type, shape: Array.from(t.dims), data };
}
writeFileSync(outputPath, JSON.stringify(out));

if (iterations > 0) {
  for (let i = 0; i < warmup; i++) results = await session.run(feeds);
  const times = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    results = await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor((times.length - 1) / 2)];
  const mean = times.reduce((s, v) => s + v, 0) / times.length;
  console.log(JSON.stringify({ p50_ms: p50, mean_ms: mean, min_ms: times[0], iterations, threads }));
}
