// Reads a PNG or JPEG with @trustnxt/c2pa-ts (an independent, pure TypeScript C2PA reader) and prints one JSON
// object: { format, hasManifest, valid, status: [{code, success, url, explanation}], manifests: [...] }.
// Usage: node read.mjs FILE
import * as fs from 'node:fs/promises';
import { JPEG, PNG } from '@trustnxt/c2pa-ts/asset';
import { SuperBox } from '@trustnxt/c2pa-ts/jumbf';
import { ManifestStore, ValidationResult } from '@trustnxt/c2pa-ts/manifest';

const file = process.argv[2];
if (!file) {
    console.error('usage: node read.mjs FILE');
    process.exit(2);
}
const buf = new Uint8Array(await fs.readFile(file));
let asset;
if (JPEG.canRead(buf)) asset = new JPEG(buf);
else if (PNG.canRead(buf)) asset = new PNG(buf);
else {
    console.log(JSON.stringify({ format: 'unknown', hasManifest: false }));
    process.exit(0);
}
const out = { format: asset instanceof JPEG ? 'jpeg' : 'png', hasManifest: false, manifests: [] };
const jumbf = asset.getManifestJUMBF();
if (jumbf) {
    out.hasManifest = true;
    let result;
    try {
        const store = ManifestStore.read(SuperBox.fromBuffer(jumbf));
        for (const m of store.manifests) {
            out.manifests.push({
                label: m.label,
                claimLabel: m.claim?.label,
                claimGenerator: m.claim?.claimGeneratorName,
                assertions: (m.assertions?.assertions ?? []).map(a => ({ label: a.fullLabel, type: a.constructor.name })),
            });
        }
        result = await store.validate(asset);
    } catch (e) {
        result = ValidationResult.fromError(e);
        out.error = String(e?.message ?? e);
    }
    out.valid = result.isValid;
    out.status = result.statusEntries.map(s => ({ code: s.code, success: s.success, url: s.url, explanation: s.explanation }));
}
console.log(JSON.stringify(out, (k, v) => (typeof v === 'bigint' ? v.toString() : v), 2));
