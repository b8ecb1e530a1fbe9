// export-npz.js — a NumPy .npz file (a zip of .npy arrays, stored uncompressed) from float32 arrays,
// for exports whose data are too large to embed in a script. np.load reads it; nothing else does.
//
// Formats: the .npy format version 1.0 (numpy.lib.format: magic, header dict padded to 64 bytes,
// little-endian data) and the zip "stored" method (APPNOTE.TXT 4.3: local headers, central
// directory, end record; CRC-32 of every member, which Python's zipfile checks).

const encoder = new TextEncoder();

/** One .npy file: a float32 array of `shape`, little-endian ('<f4'), C order. */
function npyBytes(values, shape) {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${dims}, }`;
  const unpadded = 10 + header.length + 1; // magic (6) + version (2) + length (2) + header + '\n'
  header += `${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const head = encoder.encode(header);
  const out = new Uint8Array(10 + head.length + values.length * 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]); // \x93NUMPY, version 1.0
  new DataView(out.buffer).setUint16(8, head.length, true);
  out.set(head, 10);
  const view = new DataView(out.buffer, 10 + head.length);
  for (let i = 0; i < values.length; i += 1) view.setFloat32(i * 4, values[i], true);
  return out;
}

let crcTable = null;

/** CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) as zip uses it. */
function crc32(bytes) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n += 1) {
      let c = n;
      for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i += 1) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A .npz file holding float32 arrays.
 * @param {{name: string, values: ArrayLike<number>, shape: number[]}[]} arrays names without ".npy"
 * @returns {Uint8Array}
 */
export function npzFile(arrays) {
  const members = arrays.map(({ name, values, shape }) => {
    const data = npyBytes(values, shape);
    return { name: encoder.encode(`${name}.npy`), data, crc: crc32(data) };
  });
  const size = members.reduce((s, m) => s + 30 + m.name.length + m.data.length + 46 + m.name.length, 22);
  if (size > 0xffffffff) throw new RangeError('npzFile: more than 4 GiB (zip64 is not written)');
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  const u16 = (v) => { view.setUint16(at, v, true); at += 2; };
  const u32 = (v) => { view.setUint32(at, v, true); at += 4; };
  const common = (m) => { // version, flags, method 0 (stored), time, date (1980-01-01), crc, sizes, name length
    u16(20); u16(0); u16(0); u16(0); u16(0x21); u32(m.crc); u32(m.data.length); u32(m.data.length); u16(m.name.length);
  };
  const offsets = [];
  for (const m of members) {
    offsets.push(at);
    u32(0x04034b50); common(m); u16(0);
    out.set(m.name, at); at += m.name.length;
    out.set(m.data, at); at += m.data.length;
  }
  const directory = at;
  members.forEach((m, i) => {
    u32(0x02014b50); u16(20); common(m); u16(0); u16(0); u16(0); u16(0); u32(0); u32(offsets[i]);
    out.set(m.name, at); at += m.name.length;
  });
  const directorySize = at - directory;
  u32(0x06054b50); u16(0); u16(0); u16(members.length); u16(members.length);
  u32(directorySize); u32(directory); u16(0);
  return out;
}
