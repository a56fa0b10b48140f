// Writes dictionary-encoded.parquet, the test fixture of ParquetDatasetReaderTests'
// A_dictionary_encoded_file_as_pandas_and_pyarrow_write_reads_every_row: string columns in dictionary encoding (as
// pandas, pyarrow and DuckDB write them by default, which Parquet.Net does not write), three row groups, a null text.
// Run once (npm and Node 20): npm install parquet-wasm@0.8.0 apache-arrow && node make-dictionary-encoded.mjs
// The rows, which the test rebuilds: row i has the label LABELS[i % 3] and the text
// `${LABELS[i % 3]} message ${i % 7} über`, except that row 5's text is null.
import * as arrow from 'apache-arrow';
import { readFileSync, writeFileSync } from 'fs';
import initWasm, * as parquet from 'parquet-wasm/esm';

await initWasm({ module_or_path: readFileSync('node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm') });

const LABELS = ['spam', 'ham', 'other'];
const labels = [];
const texts = [];
for (let i = 0; i < 40; i++) {
  labels.push(LABELS[i % 3]);
  texts.push(i === 5 ? null : `${LABELS[i % 3]} message ${i % 7} über`);
}

const table = arrow.tableFromArrays({ label: labels, text: texts });
const properties = new parquet.WriterPropertiesBuilder()
  .setDictionaryEnabled(true)
  .setCompression(parquet.Compression.UNCOMPRESSED)
  .setMaxRowGroupSize(16)
  .build();
const bytes = parquet.writeParquet(parquet.Table.fromIPCStream(arrow.tableToIPC(table, 'stream')), properties);
writeFileSync('dictionary-encoded.parquet', bytes);
console.log(`wrote dictionary-encoded.parquet (${bytes.length} bytes)`);
