// Converts the wonnx MNIST digit images (../shared/data/models/wonnx-opt-mnist/images/D.jpg, D = the
// label) into model inputs in Provenant's tensor JSON form: {"Input3": {"dtype": "float32",
// "shape": [1,1,28,28], "data": [...]}}, pixel luminance / 255 (0 = black background), row-major.
// Decoder: jpeg-js 0.4.4. The outputs are committed under tests/Provenant.Inference.Tests/ModelInputs/,
// so tests and CI do not need this script; rerun it only to regenerate them.
//
//   node images-to-json.mjs IMAGES_DIR OUT_DIR
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, basename } from 'node:path';
import jpeg from 'jpeg-js';

const [imagesDir, outDir] = process.argv.slice(2);
if (!imagesDir || !outDir) {
  console.error('usage: node images-to-json.mjs IMAGES_DIR OUT_DIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
for (const file of readdirSync(imagesDir).filter((f) => f.endsWith('.jpg')).sort()) {
  const img = jpeg.decode(readFileSync(join(imagesDir, file)), { useTArray: true, formatAsRGBA: true });
  if (img.width !== 28 || img.height !== 28) throw new Error(`${file}: ${img.width}x${img.height}, expected 28x28`);
  const data = [];
  for (let i = 0; i < 28 * 28; i++) {
    const [r, g, b] = [img.data[4 * i], img.data[4 * i + 1], img.data[4 * i + 2]];
    data.push(Math.fround((0.299 * r + 0.587 * g + 0.114 * b) / 255));
  }
  const out = { Input3: { dtype: 'float32', shape: [1, 1, 28, 28], data } };
  writeFileSync(join(outDir, basename(file, '.jpg') + '.json'), JSON.stringify(out));
  console.log(`${file} -> ${basename(file, '.jpg')}.json`);
}
